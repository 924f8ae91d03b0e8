import type { Verdict } from "../types";
import type { Envelope } from "./bind-envelope";

export interface MaliciousEventInput {
  envelope: Envelope;
  verdict: Verdict;
  direction: "request" | "response";
  /** The validated text. */
  payload: string;
  host: string;
  contextSource: string;
  sessionId: string;
  /** Fallback actor when the envelope has no `ip`: the caller's address. */
  remoteAddress: string;
  /** The envelope as received, stored as `latestApiPayload` for request-side events. */
  rawEnvelope: string;
}

const categories: Record<string, string> = {
  block: "Blocked",
  mask: "Modified",
  alert: "Alert",
  warn: "Warn",
  approval: "Approval",
};

/** A proto-JSON `RecordMaliciousEventRequest`, as the guardrails library posts to TBS. */
export function buildMaliciousEvent(input: MaliciousEventInput): Record<string, unknown> {
  const { envelope, verdict } = input;
  // A blocked response is stored with the block JSON appended (replay.go stripBlockSuffix).
  const latestApiPayload =
    input.direction === "response"
      ? `${input.payload}\n\n${JSON.stringify({
          error: { message: verdict.reason, data: { blocked_by: "policy_validator", reason: verdict.reason } },
        })}`
      : input.rawEnvelope;
  return {
    maliciousEvent: {
      actor: envelope.ip !== "" ? envelope.ip : input.remoteAddress,
      filterId: verdict.policyName,
      detectedAt: String(Math.floor(Date.now() / 1000)),
      latestApiIp: envelope.destIp,
      latestApiEndpoint: envelope.path,
      latestApiMethod: envelope.method,
      latestApiCollectionId: 0,
      latestApiPayload,
      eventType: "EVENT_TYPE_SINGLE",
      category: categories[verdict.behaviour] ?? "Blocked",
      subCategory: "",
      severity: verdict.severity !== "" ? verdict.severity : "MEDIUM",
      type: "Rule-Based",
      label: "guardrail",
      host: input.host,
      status: envelope.status,
      contextSource: input.contextSource,
      sessionId: input.sessionId,
      successfulExploit: false,
      owaspCategories: [],
      metadata: {
        countryCode: "",
        policyName: verdict.policyName,
        ruleViolated: verdict.ruleViolated,
        reason: verdict.reason,
        behaviour: verdict.behaviour,
        riskScore: "",
        remediation: "",
        overview: "",
        destCountryCode: "",
        schemaErrors: [],
      },
    },
    sampleRequests: [],
  };
}
