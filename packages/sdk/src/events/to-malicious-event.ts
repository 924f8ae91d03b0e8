import type { ContextSource, GuardrailEvent } from "@akto-guardrails/core";

const CATEGORY_BY_ACTION: Readonly<Record<GuardrailEvent["action"], string>> = {
  block: "Blocked",
  sanitize: "Modified",
  "fail-open": "FailOpen",
  "fail-closed": "FailClosed",
  monitor: "WouldBlock",
  allow: "Flagged",
};

const SEVERITY_BY_ACTION: Readonly<Record<GuardrailEvent["action"], string>> = {
  block: "HIGH",
  sanitize: "MEDIUM",
  "fail-open": "LOW",
  "fail-closed": "MEDIUM",
  monitor: "MEDIUM",
  allow: "LOW",
};

/**
 * Converts a guardrail event to Akto's `RecordMaliciousEventRequest` (proto-JSON) for the threat
 * backend. The event itself, without prompt text unless `includePayloads` was on, travels in
 * `latestApiPayload`, so its id survives for de-duplication and audits.
 */
export function toMaliciousEvent(event: GuardrailEvent, contextSource: ContextSource | undefined): Record<string, unknown> {
  const seconds = Math.floor(Date.parse(event.time) / 1000);
  return {
    maliciousEvent: {
      actor: event.ip ?? "",
      filterId: event.policy || event.rule || "akto-guardrails",
      detectedAt: String(Number.isNaN(seconds) ? 0 : seconds),
      latestApiIp: event.ip ?? "",
      latestApiEndpoint: event.route,
      latestApiMethod: event.method,
      latestApiCollectionId: 0,
      latestApiPayload: JSON.stringify(event),
      eventType: "EVENT_TYPE_SINGLE",
      category: CATEGORY_BY_ACTION[event.action],
      subCategory: event.rule ?? event.failureClass ?? "",
      severity: SEVERITY_BY_ACTION[event.action],
      type: "Rule-Based",
      label: "guardrail",
      host: "",
      status: event.action,
      contextSource: contextSource ?? "",
      sessionId: event.sessionId ?? "",
      successfulExploit: false,
      owaspCategories: [],
      metadata: {
        countryCode: "",
        policyName: event.policy ?? "",
        ruleViolated: event.rule ?? "",
        reason: event.reason,
        behaviour: event.behaviour ?? "",
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
