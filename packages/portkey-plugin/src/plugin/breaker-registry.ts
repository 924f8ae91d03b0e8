import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions, type Clock } from "@akto-guardrails/core";

/** Circuit breakers keyed by Akto endpoint and credential, shared by the calls of one handler. */
export interface BreakerRegistry {
  get(key: string): CircuitBreaker;
  readonly size: number;
}

/**
 * A small bounded map of breakers. A gateway serves many requests through one handler, so the breaker is
 * the only state the plugin keeps between calls; it holds counters, never payloads. Least recently used
 * keys are evicted beyond `maxEntries`.
 */
export function createBreakerRegistry(options: CircuitBreakerOptions, clock: Clock, maxEntries = 32): BreakerRegistry {
  const breakers = new Map<string, CircuitBreaker>();
  return {
    get(key) {
      let breaker = breakers.get(key);
      if (breaker) {
        breakers.delete(key);
      } else {
        breaker = createCircuitBreaker(options, clock);
        if (breakers.size >= maxEntries) {
          const oldest = breakers.keys().next();
          if (!oldest.done) breakers.delete(oldest.value);
        }
      }
      breakers.set(key, breaker);
      return breaker;
    },
    get size() {
      return breakers.size;
    },
  };
}

/** A short non-cryptographic fingerprint (FNV-1a), so breaker keys do not hold API keys. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
