import { describe, expect, it } from "vitest";
import { createBreakerRegistry, fingerprint } from "./breaker-registry";

describe("createBreakerRegistry", () => {
  const clock = { now: () => 0 };

  it("should give the same breaker for the same key and separate ones for others", () => {
    const registry = createBreakerRegistry({ failureThreshold: 1, cooldownMs: 1000 }, clock);
    registry.get("a").recordFailure();
    expect(registry.get("a").snapshot().state).toBe("open");
    expect(registry.get("b").snapshot().state).toBe("closed");
  });

  it("should stay bounded, evicting the least recently used key", () => {
    const registry = createBreakerRegistry({ failureThreshold: 1, cooldownMs: 1000 }, clock, 2);
    registry.get("a").recordFailure();
    registry.get("b");
    registry.get("a"); // a is now the most recent
    registry.get("c"); // evicts b
    expect(registry.size).toBe(2);
    expect(registry.get("a").snapshot().state).toBe("open");
  });
});

describe("fingerprint", () => {
  it("should be stable, short and not contain the input", () => {
    expect(fingerprint("secret-key")).toBe(fingerprint("secret-key"));
    expect(fingerprint("secret-key")).not.toBe(fingerprint("secret-kez"));
    expect(fingerprint("secret-key")).toMatch(/^[0-9a-f]{8}$/);
  });
});
