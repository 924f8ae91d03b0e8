import { describe, expect, it } from "vitest";
import type { Decision } from "../verdict/decision";
import { buildBlockedResponse, combinedDecisionHeaders, decisionHeaders } from "./blocked-response";

const block: Decision = { action: "block", outcome: "block", stage: "input", status: 403, flagged: true, reason: "Prompt injection detected", rule: "PromptInjection" };
const closed: Decision = {
  action: "block",
  outcome: "fail-closed",
  stage: "output",
  status: 503,
  flagged: true,
  reason: "x",
  failure: { class: "timeout", message: "t" },
};

describe("buildBlockedResponse", () => {
  it("should answer an OpenAI-shaped 403 with Akto's reason", () => {
    expect(buildBlockedResponse("openai.chat", block)).toEqual({
      status: 403,
      body: {
        error: {
          message: "Request blocked by Akto guardrails: Prompt injection detected",
          type: "guardrails_violation",
          param: null,
          code: "akto_guardrails_blocked",
        },
      },
    });
  });

  it("should answer an Anthropic-shaped error for /v1/messages", () => {
    const response = buildBlockedResponse("anthropic.messages", block);
    expect(response.body).toEqual({ type: "error", error: { type: "permission_error", message: "Request blocked by Akto guardrails: Prompt injection detected" } });
    expect(buildBlockedResponse("anthropic.messages", closed)).toMatchObject({ status: 503, body: { type: "error", error: { type: "api_error" } } });
  });

  it("should answer 503 naming the failure class for fail-closed", () => {
    const response = buildBlockedResponse("openai.responses", closed);
    expect(response.status).toBe(503);
    expect(JSON.stringify(response.body)).toContain("Response blocked: Akto guardrails are unavailable (timeout)");
  });
});

describe("decisionHeaders", () => {
  it("should expose the outcome and latency", () => {
    expect(decisionHeaders(closed, 12.345)).toEqual({ "x-akto-guardrails-action": "fail-closed", "x-akto-guardrails-latency-ms": "12.3" });
  });
});

describe("combinedDecisionHeaders", () => {
  it("should report the dominant outcome of all stages and their total latency", () => {
    const sanitize: Decision = { action: "sanitize", outcome: "sanitize", stage: "input", status: 200, flagged: true, reason: "" };
    const allow: Decision = { action: "allow", outcome: "allow", stage: "output", status: 200, flagged: false, reason: "" };
    expect(combinedDecisionHeaders([{ decision: sanitize, latencyMs: 2 }, { decision: allow, latencyMs: 3 }])).toEqual({
      "x-akto-guardrails-action": "sanitize",
      "x-akto-guardrails-latency-ms": "5",
    });
    expect(combinedDecisionHeaders([{ decision: allow, latencyMs: 1 }, { decision: closed, latencyMs: 1 }])["x-akto-guardrails-action"]).toBe("fail-closed");
    expect(combinedDecisionHeaders([])).toEqual({});
  });
});
