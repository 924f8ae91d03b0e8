import { describe, expect, it } from "vitest";
import { createManualClock } from "../test-utils/fake-environment";
import { createCircuitBreaker } from "./circuit-breaker";

describe("createCircuitBreaker", () => {
  it("should open after the threshold of consecutive failures and reject calls during the cool-down", () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker({ failureThreshold: 3, cooldownMs: 1000 }, clock);
    for (let index = 0; index < 2; index += 1) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.recordFailure();
    }
    expect(breaker.snapshot().state).toBe("closed");
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.snapshot()).toMatchObject({ state: "open", timesOpened: 1 });
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(999);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it("should let exactly one probe through when half-open, and close on its success", () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 100 }, clock);
    breaker.tryAcquire();
    breaker.recordFailure();
    clock.advance(100);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.snapshot().state).toBe("half_open");
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.snapshot()).toMatchObject({ state: "closed", consecutiveFailures: 0 });
    expect(breaker.tryAcquire()).toBe(true);
  });

  it("should re-open at once when the probe fails", () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 100 }, clock);
    for (let index = 0; index < 2; index += 1) {
      breaker.tryAcquire();
      breaker.recordFailure();
    }
    clock.advance(150);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.snapshot()).toMatchObject({ state: "open", timesOpened: 2 });
    expect(breaker.tryAcquire()).toBe(false);
  });

  it("should reset the failure count on a success", () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 100 }, createManualClock());
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.snapshot().state).toBe("closed");
  });

  it("should free the probe slot when a permit is released", () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 10 }, clock);
    breaker.recordFailure();
    clock.advance(10);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
  });
});
