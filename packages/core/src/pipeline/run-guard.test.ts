import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "../breaker/circuit-breaker";
import { parseGuardrailsOptions } from "../options/guardrails-options";
import {
  aktoAnswer,
  createManualClock,
  createMemoryCache,
  createScriptedTransport,
  createTestEnvironment,
} from "../test-utils/fake-environment";
import { runGuard, type GuardRequest } from "./run-guard";

const options = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1" } });
const chat = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Mail jane@example.com" },
  ],
};
const request: GuardRequest = { stage: "input", body: chat, context: { path: "/v1/chat/completions", requestId: "r-1" } };
const allowed = aktoAnswer({ Allowed: true, Modified: false, ModifiedPayload: "", Reason: "" });
const blocked = aktoAnswer({ Allowed: false, Reason: "Prompt injection detected", behaviour: "block" });

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe("runGuard", () => {
  it("should return the original body object when allowed, and report nothing", async () => {
    const scripted = createScriptedTransport(allowed);
    const { environment, events } = createTestEnvironment(scripted.transport);
    const result = await runGuard(request, options, environment);
    expect(result.decision.action).toBe("allow");
    expect(result.body).toBe(chat);
    expect(result.changed).toBe(false);
    expect(result.reportable).toBe(false);
    expect(events).toEqual([]);
  });

  it("should sanitize without mutating the input", async () => {
    const frozen = deepFreeze(structuredClone(chat));
    const redacted = { ...chat, messages: [chat.messages[0], { role: "user", content: "Mail [REDACTED]" }] };
    const scripted = createScriptedTransport(
      aktoAnswer({ Allowed: true, Modified: true, ModifiedPayload: JSON.stringify({ body: redacted }), behaviour: "mask" }),
    );
    const { environment, events } = createTestEnvironment(scripted.transport);
    const result = await runGuard({ ...request, body: frozen }, options, environment);
    expect(result.decision.action).toBe("sanitize");
    expect(result.body).toEqual(redacted);
    expect(frozen.messages[1]?.content).toBe("Mail jane@example.com");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "sanitize", sanitizedSegments: 1, scannedSegments: 2, model: "gpt-4o-mini", requestId: "r-1" });
  });

  it("should keep prompt text out of events unless includePayloads is on", async () => {
    const scripted = createScriptedTransport(blocked);
    const first = createTestEnvironment(scripted.transport);
    await runGuard(request, options, first.environment);
    expect(JSON.stringify(first.events)).not.toContain("jane@example.com");

    const verbose = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1" }, events: { includePayloads: true } });
    const second = createTestEnvironment(scripted.transport);
    await runGuard(request, verbose, second.environment);
    expect(second.events[0]?.texts).toEqual(["Be brief.", "Mail jane@example.com"]);
  });

  it("should answer repeated payloads from the cache and never cache failures", async () => {
    const scripted = createScriptedTransport(blocked);
    const cache = createMemoryCache();
    const { environment } = createTestEnvironment(scripted.transport, { cache, hashKey: (material) => `k${material.length}` });
    const first = await runGuard(request, options, environment);
    const second = await runGuard(request, options, environment);
    expect(scripted.sent).toHaveLength(1);
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.decision.action).toBe("block");

    scripted.setAnswer({ status: 500, body: "" });
    const other = { ...request, body: { ...chat, model: "other" } };
    await runGuard(other, options, environment);
    await runGuard(other, options, environment);
    expect(scripted.sent).toHaveLength(3);
    expect(cache.entries.size).toBe(1);
  });

  it("should stop calling Akto once the breaker opens and resolve to the fail policy", async () => {
    const scripted = createScriptedTransport({ fault: "connection" });
    const clock = createManualClock();
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1000 }, clock);
    const closedOptions = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1" }, failMode: { default: "open", circuit_open: "closed" } });
    const { environment } = createTestEnvironment(scripted.transport, { breaker, clock });
    const outcomes = [];
    for (let index = 0; index < 4; index += 1) outcomes.push((await runGuard(request, closedOptions, environment)).decision);
    expect(scripted.sent).toHaveLength(2);
    expect(outcomes.map((decision) => decision.failure?.class)).toEqual(["connection", "connection", "circuit_open", "circuit_open"]);
    expect(outcomes[2]).toMatchObject({ action: "block", outcome: "fail-closed", status: 503 });

    scripted.setAnswer(allowed);
    clock.advance(1000);
    expect((await runGuard(request, closedOptions, environment)).decision.action).toBe("allow");
    expect(breaker.snapshot().state).toBe("closed");
  });

  it("should not call Akto when there is nothing to scan", async () => {
    const scripted = createScriptedTransport(blocked);
    const { environment } = createTestEnvironment(scripted.transport);
    const result = await runGuard({ ...request, body: { model: "m", messages: [] } }, options, environment);
    expect(result.decision).toMatchObject({ action: "allow", reason: "nothing to scan" });
    expect(scripted.sent).toHaveLength(0);
  });

  it("should still send an unrecognised body to Akto and block a redaction it cannot place", async () => {
    const scripted = createScriptedTransport(
      aktoAnswer({ Allowed: true, Modified: true, ModifiedPayload: JSON.stringify({ body: { question: "[REDACTED]" } }), behaviour: "mask" }),
    );
    const { environment } = createTestEnvironment(scripted.transport);
    const result = await runGuard({ stage: "input", body: { question: "jane@example.com" }, context: { path: "/custom" } }, options, environment);
    expect(scripted.sent).toHaveLength(1);
    expect(result.extraction.shape).toBe("unknown");
    expect(result.decision).toMatchObject({ action: "block", status: 403 });
    expect(result.event.unscannedParts).toBeGreaterThan(0);
  });

  it("should allow without calling Akto when the stage is off", async () => {
    const scripted = createScriptedTransport(blocked);
    const { environment } = createTestEnvironment(scripted.transport);
    const result = await runGuard({ stage: "output", body: { choices: [] }, context: { path: "/v1/chat/completions" } }, options, environment);
    expect(result.decision.action).toBe("allow");
    expect(scripted.sent).toHaveLength(0);
  });

  it("should not count a caller abort against the breaker", async () => {
    const controller = { aborted: false };
    const scripted = createScriptedTransport(() => {
      controller.aborted = true;
      throw new Error("aborted");
    });
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1000 }, createManualClock());
    const { environment } = createTestEnvironment(scripted.transport, { breaker });
    await runGuard({ ...request, signal: controller }, options, environment);
    expect(breaker.snapshot().state).toBe("closed");
  });

  it("should keep going when the sink or the cache throws", async () => {
    const scripted = createScriptedTransport(blocked);
    const { environment } = createTestEnvironment(scripted.transport, {
      sink: { record: () => { throw new Error("sink down"); } },
      cache: { get: () => { throw new Error("cache down"); }, set: () => { throw new Error("cache down"); } },
    });
    const result = await runGuard(request, options, environment);
    expect(result.decision.action).toBe("block");
  });
});

describe("runGuard with the raw body text", () => {
  it("should send Akto the raw text wrapped as {body} and map a redaction back onto the parsed body", async () => {
    const raw = '{ "model": "gpt-4o-mini",\n  "messages": [{"role": "user", "content": "Mail jane@example.com"}] }';
    const body = JSON.parse(raw) as unknown;
    const redacted = raw.replace("jane@example.com", "[REDACTED]");
    const scripted = createScriptedTransport(
      aktoAnswer({ Allowed: true, Modified: true, ModifiedPayload: `{"body":${redacted}}`, behaviour: "mask" }),
    );
    const { environment } = createTestEnvironment(scripted.transport);
    const result = await runGuard({ stage: "input", body, rawBody: raw, context: { path: "/v1/chat/completions" } }, options, environment);
    const envelope = JSON.parse(scripted.sent[0]!.body) as { requestPayload: string };
    expect(envelope.requestPayload).toBe(`{"body":${raw}}`);
    expect(result.body).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Mail [REDACTED]" }] });
  });
});
