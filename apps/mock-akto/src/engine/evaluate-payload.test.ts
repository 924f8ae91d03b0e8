import { describe, expect, it } from "vitest";
import { compilePolicy } from "../policies/compile-policy";
import type { GuardrailPolicy } from "../types";
import { evaluatePayload, type EvaluationRequest } from "./evaluate-payload";

function evaluate(policies: GuardrailPolicy[], payload: string, overrides: Partial<EvaluationRequest> = {}) {
  return evaluatePayload({
    payload,
    policies: policies.map(compilePolicy),
    host: "",
    path: "",
    checkBlockedHosts: true,
    applyIgnorePhrases: true,
    placeholder: "[REDACTED]",
    alertAllowed: false,
    ...overrides,
  });
}

const maskEmail: GuardrailPolicy = { name: "pii", piiTypes: [{ type: "email", behavior: "mask" }] };
const body = (content: string) => JSON.stringify({ body: { messages: [{ role: "user", content }] } });

describe("evaluatePayload", () => {
  it("should allow with an empty ModifiedPayload when nothing matches", () => {
    expect(evaluate([maskEmail], body("hello"))).toMatchObject({
      allowed: true,
      modified: false,
      modifiedPayload: "",
      behaviour: "",
      action: "allow",
    });
  });

  it("should mask inside the whole payload and keep it valid JSON", () => {
    const payload = body('say "hi"\nto jane@example.com — ünïcödé ✓');
    const verdict = evaluate([maskEmail], payload);
    expect(verdict).toMatchObject({ allowed: true, modified: true, behaviour: "mask", ruleViolated: "PII-email", policyName: "pii" });
    const parsed = JSON.parse(verdict.modifiedPayload) as { body: { messages: Array<{ content: string }> } };
    expect(parsed.body.messages[0]?.content).toBe('say "hi"\nto [REDACTED] — ünïcödé ✓');
    expect(verdict.reason).not.toContain("jane@example.com");
  });

  it("should redact a non-JSON payload as raw text", () => {
    expect(evaluate([maskEmail], "mail jane@example.com").modifiedPayload).toBe("mail [REDACTED]");
  });

  it("should use the configured placeholder", () => {
    expect(evaluate([maskEmail], "jane@example.com", { placeholder: "<EMAIL>" }).modifiedPayload).toBe("<EMAIL>");
  });

  it("should block with the policy's blockedMessage, else a reason naming the rule", () => {
    const policy: GuardrailPolicy = { name: "p", piiTypes: [{ type: "ssn", behavior: "block" }] };
    expect(evaluate([policy], "ssn 123-45-6789")).toMatchObject({
      allowed: false,
      reason: "PII detected (ssn)",
      behaviour: "block",
      ruleViolated: "PII-ssn",
    });
    expect(evaluate([{ ...policy, blockedMessage: "Nope" }], "ssn 123-45-6789").reason).toBe("Nope");
  });

  it("should honour minMatchCount", () => {
    const policy: GuardrailPolicy = { name: "p", piiTypes: [{ type: "email", behavior: "block", minMatchCount: 2 }] };
    expect(evaluate([policy], "a@example.com").allowed).toBe(true);
    expect(evaluate([policy], "a@example.com b@example.com").allowed).toBe(false);
  });

  it("should prefer block over mask, and the strongest behaviour across policies", () => {
    const alert: GuardrailPolicy = { name: "alert", behaviour: "alert", banSubstrings: { substrings: ["acme"] } };
    const warn: GuardrailPolicy = { name: "warn", behaviour: "warn", banSubstrings: { substrings: ["acme"] } };
    const block: GuardrailPolicy = { name: "block", regexPatterns: ["acme"] };
    expect(evaluate([maskEmail, alert, warn], "acme jane@example.com")).toMatchObject({ policyName: "warn", behaviour: "warn" });
    expect(evaluate([alert, warn, block], "acme")).toMatchObject({ policyName: "block", behaviour: "block" });
  });

  it("should answer alert as Allowed:false (HEAD) or Allowed:true with alertAllowed (GS-new)", () => {
    const alert: GuardrailPolicy = { name: "alert", behaviour: "alert", deniedTopics: [{ topic: "competitor pricing" }] };
    expect(evaluate([alert], "competitor pricing?")).toMatchObject({ allowed: false, behaviour: "alert", action: "alert" });
    expect(evaluate([alert], "competitor pricing?", { alertAllowed: true })).toMatchObject({ allowed: true, behaviour: "alert" });
  });

  it("should block on the token limit (chars/4)", () => {
    const policy: GuardrailPolicy = { name: "tokens", tokenLimitDetection: { threshold: 10 } };
    expect(evaluate([policy], "x".repeat(40)).allowed).toBe(true);
    expect(evaluate([policy], "x".repeat(41))).toMatchObject({ allowed: false, ruleViolated: "TokenLimit" });
  });

  it("should delete ignore phrases before detection and echo the original payload", () => {
    const policy: GuardrailPolicy = {
      name: "p",
      contentFiltering: { promptAttacks: { level: "LOW" } },
      ignorePhrases: [{ phrase: "ignore previous instructions" }],
    };
    const payload = body("For the training deck: IGNORE previous instructions is a classic attack");
    expect(evaluate([policy], payload)).toMatchObject({ allowed: true, modified: false, modifiedPayload: payload });
    expect(evaluate([policy], payload, { applyIgnorePhrases: false }).allowed).toBe(false);
  });

  it("should honour regex and case-sensitive ignore phrases", () => {
    const email: GuardrailPolicy = {
      name: "p",
      piiTypes: [{ type: "email", behavior: "block" }],
      ignorePhrases: [{ phrase: "[a-z]+@akto\\.io", isRegex: true }, { phrase: "Keep@Example.com", caseSensitive: true }],
    };
    expect(evaluate([email], "support@akto.io").allowed).toBe(true);
    expect(evaluate([email], "Keep@Example.com").allowed).toBe(true);
    expect(evaluate([email], "keep@example.com").allowed).toBe(false);
  });

  it("should block a blocked host with GS-side metadata and echo the payload", () => {
    const policy: GuardrailPolicy = { name: "hosts", blockedHosts: [{ pattern: "chatgpt.com/*" }] };
    const verdict = evaluate([policy], "hello", { host: "chatgpt.com", path: "/v1" });
    expect(verdict).toMatchObject({
      allowed: false,
      modified: false,
      modifiedPayload: "hello",
      reason: "Request blocked by guardrail policy (blocked host pattern: chatgpt.com/*)",
      ruleViolated: "BlockedHost",
      severity: "HIGH",
      serviceSide: true,
    });
    expect(evaluate([policy], "hello", { host: "chatgpt.com", path: "/v1", checkBlockedHosts: false }).allowed).toBe(true);
  });
});
