import type { Action, Decision, FailureClass, Outcome, Stage } from "@akto-guardrails/core";

/**
 * What a check reports in `data`. Portkey echoes it to the end client in `hook_results`,
 * so it carries decisions only: never prompt text, Akto payloads or credentials.
 */
export interface CheckData {
  readonly stage: Stage;
  readonly action: Action;
  readonly outcome: Outcome;
  readonly reason: string;
  readonly rule?: string;
  readonly policy?: string;
  readonly failureClass?: FailureClass;
  readonly latencyMs: number;
}

export function checkDataFromDecision(decision: Decision, latencyMs: number): CheckData {
  return {
    stage: decision.stage,
    action: decision.action,
    outcome: decision.outcome,
    reason: decision.reason,
    ...(decision.rule ? { rule: decision.rule } : {}),
    ...(decision.policy ? { policy: decision.policy } : {}),
    ...(decision.failure ? { failureClass: decision.failure.class } : {}),
    latencyMs,
  };
}
