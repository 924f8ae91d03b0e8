import type { DetectedShape } from "../shapes/types";
import type { Decision } from "../verdict/decision";
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
