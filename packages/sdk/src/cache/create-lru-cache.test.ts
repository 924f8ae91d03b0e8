import type { AktoVerdict } from "@akto-guardrails/core";
import { describe, expect, it } from "vitest";
import { createLruCache } from "./create-lru-cache";

const verdict = (reason = "", modifiedPayload = ""): AktoVerdict => ({
  allowed: true,
  modified: modifiedPayload !== "",
  modifiedPayload,
  reason,
  behaviour: "",
  policy: "",
  rule: "",
  severity: "",
});

describe("createLruCache", () => {
  it("should expire entries after their TTL", () => {
    let now = 0;
    const cache = createLruCache({ maxEntries: 10, maxBytes: 1 << 20, now: () => now });
    cache.set("a", verdict("x"), 100);
    expect(cache.get("a")?.reason).toBe("x");
    now = 100;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, hits: 1, misses: 1 });
  });

  it("should evict the least recently used entry beyond maxEntries", () => {
    const cache = createLruCache({ maxEntries: 2, maxBytes: 1 << 20 });
    cache.set("a", verdict(), 1000);
    cache.set("b", verdict(), 1000);
    cache.get("a");
    cache.set("c", verdict(), 1000);
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("c")).toBeDefined();
  });

  it("should stay within maxBytes and skip entries larger than the bound", () => {
    const cache = createLruCache({ maxEntries: 1000, maxBytes: 4096 });
    for (let index = 0; index < 50; index += 1) cache.set(`key-${index}`, verdict("", "x".repeat(500)), 1000);
    expect(cache.stats().bytes).toBeLessThanOrEqual(4096);
    expect(cache.stats().entries).toBeGreaterThan(0);
    cache.set("huge", verdict("", "x".repeat(10_000)), 1000);
    expect(cache.get("huge")).toBeUndefined();
  });
});
