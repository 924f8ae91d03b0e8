import { GuardrailError, type Decision, type GuardResult } from "@akto-guardrails/core";
import { describe, expect, it } from "vitest";
import { errorResponse, guardResultToResponse, passResponse } from "./guard-result-to-response";

const original = { model: "m", messages: [{ role: "user", content: "jane@example.com" }] };
const sanitized = { model: "m", messages: [{ role: "user", content: "[REDACTED]" }] };

function result(decision: Partial<Decision> & Pick<Decision, "action" | "outcome">, body: unknown = original): GuardResult {
  const full: Decision = { stage: "input", status: 200, flagged: false, reason: "r", ...decision };
  return {
    decision: full,
    body,
    changed: body !== original,
    event: {} as GuardResult["event"],
    reportable: false,
    extraction: { shape: "openai.chat", stage: full.stage, segments: [], unscanned: [] },
    cached: false,
    latencyMs: 12.4,
  };
}

describe("guardResultToResponse", () => {
  it("should pass an allow without error or transformation", () => {
    const response = guardResultToResponse(result({ action: "allow", outcome: "allow" }));
    expect(response).toEqual({
      verdict: true,
      error: null,
      data: { stage: "input", action: "allow", outcome: "allow", reason: "r", latencyMs: 12 },
      transformedData: { request: { json: null, text: null }, response: { json: null, text: null } },
      transformed: false,
    });
  });

  it("should fail a policy block without an error", () => {
    const response = guardResultToResponse(result({ action: "block", outcome: "block", status: 403, rule: "PromptInjection", policy: "p" }));
    expect(response).toMatchObject({ verdict: false, error: null, transformed: false, data: { rule: "PromptInjection", policy: "p" } });
  });

  it("should put a sanitized request and a sanitized response in their own halves", () => {
    const input = guardResultToResponse(result({ action: "sanitize", outcome: "sanitize" }, sanitized));
    expect(input.transformed).toBe(true);
    expect(input.transformedData).toEqual({ request: { json: sanitized, text: null }, response: { json: null, text: null } });
    const output = guardResultToResponse(result({ action: "sanitize", outcome: "sanitize", stage: "output" }, sanitized));
    expect(output.transformedData).toEqual({ request: { json: null, text: null }, response: { json: sanitized, text: null } });
  });

  it("should fail closed with an Error whose message carries the code", () => {
    const response = guardResultToResponse(
      result({ action: "block", outcome: "fail-closed", status: 503, reason: "down", failure: { class: "timeout", message: "t" } }),
    );
    expect(response.verdict).toBe(false);
    expect(GuardrailError.isInstance(response.error)).toBe(true);
    expect(response.error).toMatchObject({ name: "GuardrailError", code: "ERR_AKTO_TIMEOUT", message: "ERR_AKTO_TIMEOUT: down" });
    expect(response.data).toMatchObject({ outcome: "fail-closed", failureClass: "timeout" });
  });

  it("should pass a fail-open and still report the failure as an error", () => {
    const response = guardResultToResponse(result({ action: "allow", outcome: "fail-open", failure: { class: "server", message: "s", status: 500 } }));
    expect(response.verdict).toBe(true);
    expect(response.error).toMatchObject({ code: "ERR_AKTO_SERVER", status: 500 });
  });

  it("should neither fail nor rewrite in audit mode", () => {
    const blocked = guardResultToResponse(result({ action: "block", outcome: "block", stage: "output" }), { audit: true });
    expect(blocked.verdict).toBe(true);
    const masked = guardResultToResponse(result({ action: "sanitize", outcome: "sanitize", stage: "output" }, sanitized), { audit: true });
    expect(masked).toMatchObject({ verdict: true, transformed: false });
    expect(masked.transformedData.response.json).toBeNull();
  });
});

describe("passResponse and errorResponse", () => {
  it("should pass with a reason", () => {
    expect(passResponse("output", "streamed")).toMatchObject({ verdict: true, error: null, data: { stage: "output", reason: "streamed" } });
  });

  it("should resolve an unevaluated call by the fail mode", () => {
    const error = new Error("bad");
    expect(errorResponse("input", error, true)).toMatchObject({ verdict: false, error, data: { outcome: "fail-closed", reason: "bad" } });
    expect(errorResponse(undefined, error, false)).toMatchObject({ verdict: true, data: { outcome: "fail-open" } });
  });
});
