import type { FaultPlan } from "../faults/create-fault-plan";
import { compilePolicy, type CompiledPolicy } from "../policies/compile-policy";
import type { Recorder } from "../recorder/create-recorder";
import type { GuardrailPolicy, MockAktoRuntimeOptions } from "../types";

export interface PolicySet {
  source: GuardrailPolicy[];
  /** Active policies that apply on requests, in order. */
  request: CompiledPolicy[];
  /** Active policies that apply on responses, in order. */
  response: CompiledPolicy[];
}

/** Everything the request handler reads and the admin changes. */
export interface ServerState {
  options: MockAktoRuntimeOptions;
  policies: PolicySet;
  faults: FaultPlan;
  recorder: Recorder;
  /** Recent validation latencies (ms) for `/backpressure`. */
  latencySamples: number[];
  inflight: number;
  /** Timers of delayed or dribbled answers, cleared on close. */
  timers: Set<NodeJS.Timeout>;
}

export const latencyWindow = 50;

/** Compiles policies (throws `MockAktoError` `INVALID_POLICIES`) and splits them per direction. */
export function createPolicySet(policies: readonly GuardrailPolicy[]): PolicySet {
  const compiled = policies.map(compilePolicy).filter((policy) => policy.active);
  return {
    source: [...policies],
    request: compiled.filter((policy) => policy.applyOnRequest),
    response: compiled.filter((policy) => policy.applyOnResponse),
  };
}

export function recordLatency(state: ServerState, latencyMs: number): void {
  state.latencySamples.push(latencyMs);
  if (state.latencySamples.length > latencyWindow) state.latencySamples.shift();
}

/** A delay that `close()` can cancel. */
export function delay(state: ServerState, milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      resolve();
    }, milliseconds);
    state.timers.add(timer);
  });
}
