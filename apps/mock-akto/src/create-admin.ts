import { normalizeRuntimeOptions } from "./normalize-runtime-options";
import { parsePolicies } from "./policies/parse-policies";
import { createPolicySet, type ServerState } from "./server/server-state";
import type { MockAktoAdmin } from "./types";

const defaultWaitMs = 5000;

/** The in-process admin over a server's state (also backs the `/__admin/` HTTP API). */
export function createAdmin(state: ServerState): MockAktoAdmin {
  return {
    setFaults: (faults) => state.faults.set(faults),
    addFault: (fault) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    faults: () => state.faults.list(),
    setOptions(partial) {
      const options = normalizeRuntimeOptions(partial);
      state.options = { ...state.options, ...options };
      if (options.seed !== undefined) state.faults.reseed(options.seed);
    },
    options: () => ({ ...state.options }),
    setPolicies(policies) {
      // Validate and compile before swapping, so a bad set leaves the old one serving.
      state.policies = createPolicySet(parsePolicies(policies));
    },
    policies: () => [...state.policies.source],
    validations: () => state.recorder.validations.all(),
    events: () => state.recorder.events.all(),
    requests: () => state.recorder.requests.all(),
    clear: () => state.recorder.clear(),
    waitForValidations: (count, timeoutMs = defaultWaitMs) => state.recorder.validations.waitFor(count, timeoutMs),
    waitForEvents: (count, timeoutMs = defaultWaitMs) => state.recorder.events.waitFor(count, timeoutMs),
    waitForRequests: (count, timeoutMs = defaultWaitMs) => state.recorder.requests.waitFor(count, timeoutMs),
  };
}
