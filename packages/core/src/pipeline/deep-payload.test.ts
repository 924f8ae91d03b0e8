import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "../breaker/circuit-breaker";
import { parseGuardrailsOptions } from "../options/guardrails-options";
import { aktoAnswer, createManualClock, createScriptedTransport, createTestEnvironment } from "../test-utils/fake-environment";
import { runGuard } from "./run-guard";

// A client can send JSON nested deeper than JSON.stringify can serialize (JSON.parse copes). Such a body
// must not count as an Akto failure: five of them would open the breaker and let everyone's traffic
// through unscanned (fail-open) for the cooldown.

const options = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1" }, breaker: { failureThreshold: 2, cooldownMs: 60_000 }, output: "buffer" });
const allowed = aktoAnswer({ Allowed: true, Modified: false, ModifiedPayload: "", Reason: "" });

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

describe("runGuard with a payload too deep to serialize", () => {
  const deepRequest = { model: "gpt-4o-mini", tools: [{ type: "function", function: { name: "f", parameters: nested(100_000) } }], messages: [{ role: "user", content: "hi" }] };

  it("should block it whatever the fail mode, and never charge the breaker", async () => {
    const scripted = createScriptedTransport(allowed);
    const clock = createManualClock();
    const breaker = createCircuitBreaker(options.breaker, clock);
    const { environment } = createTestEnvironment(scripted.transport, { breaker, clock });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const result = await runGuard({ stage: "input", body: deepRequest, context: { path: "/v1/chat/completions" } }, options, environment);
      expect(result.decision).toMatchObject({ action: "block", status: 403, reason: "Request could not be scanned: the body is nested too deeply to be scanned" });
      expect(result.decision.failure).toBeUndefined();
    }
    expect(breaker.snapshot()).toMatchObject({ state: "closed", timesOpened: 0 });
    expect(scripted.sent).toHaveLength(0);
    // Other traffic is still scanned.
    const next = await runGuard({ stage: "input", body: { messages: [{ role: "user", content: "hi" }] }, context: { path: "/v1/chat/completions" } }, options, environment);
    expect(next.decision.outcome).toBe("allow");
    expect(scripted.sent).toHaveLength(1);
  });

  it("should still scan a response whose request is too deep to send as context", async () => {
    const scripted = createScriptedTransport(aktoAnswer({ Allowed: false, Reason: "Secret in the answer", behaviour: "block" }));
    const { environment } = createTestEnvironment(scripted.transport);
    const response = { object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "AKIAIOSFODNN7EXAMPLE" } }] };
    const result = await runGuard({ stage: "output", body: response, request: deepRequest, context: { path: "/v1/chat/completions" } }, options, environment);
    expect(result.decision.outcome).toBe("block");
    expect(scripted.sent).toHaveLength(1);
    const envelope = JSON.parse(scripted.sent[0]?.body ?? "{}") as Record<string, unknown>;
    expect(envelope["requestPayload"]).toBeUndefined();
    expect(JSON.parse(envelope["responsePayload"] as string)).toEqual({ body: response });
  });
});

describe("runGuard with a payload too deep to serialize and a cache", () => {
  it("should block instead of throwing while building the cache key, even when failing open", async () => {
    const monitor = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1" }, failMode: "open", mode: "monitor", output: "buffer" });
    const scripted = createScriptedTransport(allowed);
    const cache = { get: () => undefined, set: () => undefined };
    const { environment } = createTestEnvironment(scripted.transport, { cache });
    const deepResponse = { object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "hi" } }], extra: nested(100_000) };
    const result = await runGuard({ stage: "output", body: deepResponse, context: { path: "/v1/chat/completions" } }, monitor, environment);
    expect(result.decision).toMatchObject({ action: "block", status: 403 });
    expect(scripted.sent).toHaveLength(0);
  });
});
