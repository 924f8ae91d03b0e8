import type { FaultState, LatencySpec } from "../types";
import { createPrng } from "../util/create-prng";
import { normalizeFault } from "./normalize-fault";

/** The routes a `*` fault applies to: every route that validates something. */
export const validationRoutes: ReadonlySet<string> = new Set([
  "/api/validate/request",
  "/api/validate/response",
  "/api/validate/requestWithPolicy",
  "/api/ingestData",
  "/api/http-proxy",
]);

export interface FaultPlan {
  /** Replaces every fault and reseeds the PRNG, so the same plan gives the same draws. */
  set(faults: readonly unknown[]): void;
  add(fault: unknown): void;
  clear(): void;
  list(): FaultState[];
  /** The fault to apply to this request, if any; consumes one of its `times`. */
  pick(path: string): FaultState | null;
  /** A latency from a spec (uniform draw for `{min,max}`). */
  drawLatency(latency: LatencySpec): number;
  reseed(seed: number): void;
}

export function createFaultPlan(seed: number): FaultPlan {
  const prng = createPrng(seed);
  let currentSeed = seed;
  let nextId = 1;
  let faults: FaultState[] = [];

  const toState = (spec: unknown): FaultState => {
    const fault = normalizeFault(spec);
    const state: FaultState = { ...fault, id: nextId, remaining: fault.times ?? null, hits: 0 };
    nextId += 1;
    return state;
  };

  return {
    set(specs) {
      // Validate everything before replacing anything.
      const states = specs.map(toState);
      faults = states;
      prng.reseed(currentSeed);
    },
    add(spec) {
      faults.push(toState(spec));
    },
    clear() {
      faults = [];
    },
    list: () => faults.map((fault) => ({ ...fault })),
    pick(path) {
      if (faults.length === 0) return null;
      for (const fault of faults) {
        if (fault.remaining === 0) continue;
        if (fault.route === "*" ? !validationRoutes.has(path) : fault.route !== path) continue;
        if (fault.rate < 1 && prng.next() >= fault.rate) continue;
        if (fault.remaining !== null) fault.remaining -= 1;
        fault.hits += 1;
        return fault;
      }
      return null;
    },
    drawLatency(latency) {
      if (typeof latency === "number") return latency;
      return latency.min + prng.next() * (latency.max - latency.min);
    },
    reseed(newSeed) {
      currentSeed = newSeed;
      prng.reseed(newSeed);
    },
  };
}
