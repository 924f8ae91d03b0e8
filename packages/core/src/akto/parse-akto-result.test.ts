import { describe, expect, it } from "vitest";
import { parseAktoResult, parseHttpProxyResult } from "./parse-akto-result";

const blocked = {
  Allowed: false,
  Modified: false,
  ModifiedPayload: "",
  Reason: "Prompt injection detected",
  Metadata: { policy_name: "prompt-attacks", rule_violated: "PromptInjection" },
  behaviour: "block",
};

describe("parseAktoResult", () => {
  it("should read the Go field names and snake_case metadata", () => {
    const result = parseAktoResult(200, JSON.stringify(blocked));
    expect(result).toEqual({
      ok: true,
      verdict: {
        allowed: false,
        modified: false,
        modifiedPayload: "",
        reason: "Prompt injection detected",
        behaviour: "block",
        policy: "prompt-attacks",
        rule: "PromptInjection",
        severity: "",
      },
    });
  });

  it("should read the stale lowercase shape and upper-case Behaviour", () => {
    const result = parseAktoResult(200, JSON.stringify({ allowed: true, modified: true, modifiedPayload: "x", reason: "r", Behaviour: "MASK" }));
    expect(result.ok && result.verdict).toMatchObject({ allowed: true, modified: true, modifiedPayload: "x", behaviour: "mask" });
  });

  it.each([
    ["not JSON", "<html>"],
    ["truncated JSON", '{"Allowed":tr'],
    ["an array", "[]"],
    ["Allowed missing", '{"Reason":"x"}'],
    ["Allowed of the wrong type", '{"Allowed":"false"}'],
    ["Modified of the wrong type", '{"Allowed":true,"Modified":"yes"}'],
    ["Metadata not an object", '{"Allowed":true,"Metadata":"x"}'],
    ["casings that disagree", '{"Allowed":true,"allowed":false}'],
  ])("should classify %s as malformed_response", (_name, body) => {
    const result = parseAktoResult(200, body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.class).toBe("malformed_response");
  });

  it.each([
    [401, "auth"],
    [403, "auth"],
    [429, "rate_limited"],
    [500, "server"],
    [502, "server"],
    [400, "client"],
    [422, "client"],
    [302, "malformed_response"],
  ])("should classify HTTP %i as %s", (status, failureClass) => {
    const result = parseAktoResult(status, "");
    expect(result).toEqual({ ok: false, failure: { class: failureClass, message: `Akto answered HTTP ${status}`, status } });
  });

  it("should treat Akto's backpressure answer and the Java fail-open object as server failures", () => {
    const backpressure = parseAktoResult(200, JSON.stringify({ Allowed: true, Reason: "guardrail scan skipped (backpressure): x" }));
    const failOpen = parseAktoResult(200, JSON.stringify({ Allowed: true, allowed: true, failOpen: true, error: "timeout" }));
    expect(!backpressure.ok && backpressure.failure.class).toBe("server");
    expect(!failOpen.ok && failOpen.failure.class).toBe("server");
  });
});

describe("parseHttpProxyResult", () => {
  const wrap = (guardrailsResult: unknown) =>
    JSON.stringify({ success: true, message: "ok", data: { success: true, message: "ok", guardrailsResult } });

  it("should unwrap data.guardrailsResult", () => {
    const result = parseHttpProxyResult(200, wrap(blocked), "request");
    expect(result.ok && result.verdict.allowed).toBe(false);
  });

  it("should read the side that was asked for when both results are present", () => {
    const merged = { ...blocked, Allowed: false, requestResult: { ...blocked, Allowed: true, Reason: "" }, responseResult: blocked };
    const request = parseHttpProxyResult(200, wrap(merged), "request");
    const response = parseHttpProxyResult(200, wrap(merged), "response");
    expect(request.ok && request.verdict.allowed).toBe(true);
    expect(response.ok && response.verdict.allowed).toBe(false);
  });

  it("should treat a missing guardrailsResult or a 422 as failures", () => {
    expect(parseHttpProxyResult(200, JSON.stringify({ success: true, data: {} }), "request").ok).toBe(false);
    const unprocessable = parseHttpProxyResult(422, "{}", "request");
    expect(!unprocessable.ok && unprocessable.failure.class).toBe("client");
  });
});
