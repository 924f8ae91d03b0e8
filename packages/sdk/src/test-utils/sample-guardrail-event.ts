import type { GuardrailEvent } from "@akto-guardrails/core";

/** A complete guardrail event for tests that need one; override what the test is about. */
export function sampleGuardrailEvent(overrides: Partial<GuardrailEvent> = {}): GuardrailEvent {
  return {
    id: "event-1",
    time: new Date(0).toISOString(),
    stage: "input",
    action: "allow",
    flagged: false,
    reason: "",
    latencyMs: 1,
    route: "/v1/chat/completions",
    method: "POST",
    shape: "openai.chat",
    cached: false,
    scannedSegments: 1,
    unscannedParts: 0,
    ...overrides,
  };
}
