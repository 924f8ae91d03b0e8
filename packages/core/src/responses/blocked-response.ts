import type { DetectedShape } from "../shapes/types";
import type { Decision, Outcome } from "../verdict/decision";
import { apiDialectForShape, buildApiError } from "./api-error";

export interface BlockedResponse {
  readonly status: 403 | 503;
  readonly body: Record<string, unknown>;
}

/**
 * The answer to send instead of the LLM's when a decision blocks: 403 for a
 * policy block, 503 for fail-closed unavailability, in the API's own error shape,
 * carrying Akto's reason (never the matched text).
 */
export function buildBlockedResponse(shape: DetectedShape, decision: Decision): BlockedResponse {
  const dialect = apiDialectForShape(shape);
  const subject = decision.stage === "input" ? "Request" : "Response";
  if (decision.status === 503) {
    return {
      status: 503,
      body: buildApiError({
        dialect,
        status: 503,
        message: `${subject} blocked: Akto guardrails are unavailable (${decision.failure?.class ?? "unknown"}) and the policy is fail-closed`,
        type: "guardrails_unavailable",
        code: "akto_guardrails_unavailable",
      }),
    };
  }
  return {
    status: 403,
    body: buildApiError({
      dialect,
      status: 403,
      message: `${subject} blocked by Akto guardrails: ${decision.reason}`,
      type: "guardrails_violation",
      code: "akto_guardrails_blocked",
    }),
  };
}

/** Response headers that tell the client what the guardrails did. */
export function decisionHeaders(decision: Decision, latencyMs: number): Record<string, string> {
  return {
    "x-akto-guardrails-action": decision.outcome,
    "x-akto-guardrails-latency-ms": String(Math.max(0, Math.round(latencyMs * 10) / 10)),
  };
}

// Which outcome one `x-akto-guardrails-action` header reports when several stages ran.
const OUTCOME_RANK: Readonly<Record<Outcome, number>> = { allow: 0, "fail-open": 1, monitor: 2, sanitize: 3, block: 4, "fail-closed": 5 };

/** The most significant of several stages' results: fail-closed over block over sanitize over monitor over fail-open over allow. */
export function dominantResult<T extends { readonly decision: Decision }>(results: ReadonlyArray<T>): T | undefined {
  let dominant: T | undefined;
  for (const result of results) {
    if (!dominant || OUTCOME_RANK[result.decision.outcome] > OUTCOME_RANK[dominant.decision.outcome]) dominant = result;
  }
  return dominant;
}

/**
 * The decision headers for a call whose input and output were both guarded: the dominant outcome
 * (so an input sanitize or fail-open stays visible after an allowed output) and the total latency.
 */
export function combinedDecisionHeaders(results: ReadonlyArray<{ readonly decision: Decision; readonly latencyMs: number }>): Record<string, string> {
  const dominant = dominantResult(results);
  if (!dominant) return {};
  return decisionHeaders(dominant.decision, results.reduce((total, result) => total + result.latencyMs, 0));
}
