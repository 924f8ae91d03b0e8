import type { AktoVerdict, CacheStore } from "@akto-guardrails/core";

export interface LruCacheOptions {
  readonly maxEntries: number;
  /** Approximate bound on the memory held by keys and verdicts. */
  readonly maxBytes: number;
  /** Injected for tests; defaults to `Date.now`. */
  readonly now?: () => number;
}

export interface LruCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
}

export interface LruCache extends CacheStore {
  get(key: string): AktoVerdict | undefined;
  set(key: string, verdict: AktoVerdict, ttlMs: number): void;
  stats(): LruCacheStats;
  clear(): void;
}

interface Entry {
  readonly verdict: AktoVerdict;
  readonly expiresAt: number;
  readonly bytes: number;
}

// Strings are UTF-16 in memory: two bytes per code unit, plus a fixed overhead per entry.
const ENTRY_OVERHEAD_BYTES = 160;
function sizeOf(key: string, verdict: AktoVerdict): number {
  return (
    ENTRY_OVERHEAD_BYTES +
    2 * (key.length + verdict.modifiedPayload.length + verdict.reason.length + verdict.behaviour.length + verdict.policy.length + verdict.rule.length + verdict.severity.length)
  );
}

/**
 * An in-memory verdict cache: least-recently-used eviction, a TTL per entry, and bounds on
 * both the entry count and the bytes held. A `Map` keeps insertion order, so re-inserting on
 * every hit makes its first key the least recently used.
 */
export function createLruCache(options: LruCacheOptions): LruCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry || entry.expiresAt <= now()) {
        if (entry) remove(key);
        misses += 1;
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      hits += 1;
      return entry.verdict;
    },
    set(key, verdict, ttlMs) {
      remove(key);
      const entryBytes = sizeOf(key, verdict);
      if (entryBytes > options.maxBytes) return;
      entries.set(key, { verdict, expiresAt: now() + ttlMs, bytes: entryBytes });
      bytes += entryBytes;
      while (entries.size > options.maxEntries || bytes > options.maxBytes) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        remove(oldest.value);
      }
    },
    stats() {
      return { entries: entries.size, bytes, hits, misses };
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}
