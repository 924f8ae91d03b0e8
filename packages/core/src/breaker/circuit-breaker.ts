import type { Clock } from "../pipeline/environment";

export type CircuitState = "closed" | "open" | "half_open";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. */
  readonly cooldownMs: number;
}

export interface CircuitSnapshot {
  readonly state: CircuitState;
  readonly consecutiveFailures: number;
  /** When the circuit last opened (clock ms), if it is open or half-open. */
  readonly openedAt?: number;
  /** How many times the circuit has opened since it was created. */
  readonly timesOpened: number;
}

/**
 * A circuit breaker around calls to Akto: after `failureThreshold` consecutive
 * failures it opens, and calls resolve straight to the fail policy (microseconds,
 * not a timeout each) until `cooldownMs` has passed; then exactly one probe is let
 * through (half-open). A successful probe closes the circuit, a failed one re-opens it.
 *
 * Pure: time comes from the injected clock, there are no timers. State lives in the
 * returned object, never in the module.
 */
export interface CircuitBreaker {
  /** Whether a call may go to Akto now. In half-open state only one caller gets `true`. */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
  /** Gives back a permit that produced neither a success nor a failure (e.g. the caller aborted). */
  release(): void;
  snapshot(): CircuitSnapshot;
}

export function createCircuitBreaker(options: CircuitBreakerOptions, clock: Clock): CircuitBreaker {
  let state: CircuitState = "closed";
  let consecutiveFailures = 0;
  let openedAt: number | undefined;
  let probeInFlight = false;
  let timesOpened = 0;

  const open = () => {
    state = "open";
    openedAt = clock.now();
    probeInFlight = false;
    timesOpened += 1;
  };

  return {
    tryAcquire() {
      if (state === "closed") return true;
      if (state === "open") {
        if (openedAt !== undefined && clock.now() - openedAt < options.cooldownMs) return false;
        state = "half_open";
        probeInFlight = false;
      }
      // half-open: a single probe at a time.
      if (probeInFlight) return false;
      probeInFlight = true;
      return true;
    },
    recordSuccess() {
      consecutiveFailures = 0;
      probeInFlight = false;
      if (state !== "closed") {
        state = "closed";
        openedAt = undefined;
      }
    },
    recordFailure() {
      consecutiveFailures += 1;
      if (state === "half_open") {
        open();
        return;
      }
      if (state === "closed" && consecutiveFailures >= options.failureThreshold) open();
    },
    release() {
      if (state === "half_open") probeInFlight = false;
    },
    snapshot() {
      return openedAt === undefined ? { state, consecutiveFailures, timesOpened } : { state, consecutiveFailures, timesOpened, openedAt };
    },
  };
}
