import type { FailPolicy } from "../options/guardrails-options";
import type { Stage } from "../shapes/types";
import type { Decision } from "../verdict/decision";
import type { Failure } from "./failure-class";

export interface ResolveFailureOptions {
  readonly stage: Stage;
  /** The fail policy of this stage. */
  readonly failPolicy: FailPolicy;
  readonly mode: "enforce" | "monitor";
}

/**
 * The one place that decides what a failure to get a verdict means for the traffic:
 * fail-open allows (flagged), fail-closed blocks with 503. Adapters never decide this themselves.
 */
export function resolveFailure(failure: Failure, options: ResolveFailureOptions): Decision {
  const { stage } = options;
  const failMode = options.failPolicy[failure.class];
  const what = stage === "input" ? "request" : "response";

  if (failMode === "open") {
    return {
      action: "allow",
      outcome: "fail-open",
      stage,
      status: 200,
      flagged: true,
      reason: `Akto guardrails unavailable (${failure.class}); ${what} allowed by fail-open policy`,
      failure,
    };
  }
  const reason = `Akto guardrails unavailable (${failure.class}); ${what} blocked by fail-closed policy`;
  if (options.mode === "monitor") {
    return {
      action: "allow",
      outcome: "monitor",
      stage,
      status: 200,
      flagged: true,
      wouldBlock: true,
      reason: `Would have blocked: ${reason}`,
      failure,
    };
  }
  return { action: "block", outcome: "fail-closed", stage, status: 503, flagged: true, reason, failure };
}
