import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FAILURE_CLASSES, classifyHttpStatus } from "../failure/failure-class";
import { parseAktoResult, parseHttpProxyResult, type AktoResultParse } from "./parse-akto-result";

// Akto's answer is untrusted input: whatever its status and bytes, the parser must return a verdict
// or a typed failure, and keys such as `__proto__` must never change what it reads.

const HOSTILE_KEYS = ["__proto__", "constructor", "prototype"] as const;

/** A value of the right type or (often) the wrong one. */
const fieldValue = (right: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 12, arbitrary: right }, { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.jsonValue({ maxDepth: 2 })) });

const metadata = fc.oneof(
  fc.record({ policy_name: fieldValue(fc.string({ maxLength: 12 })), rule_violated: fieldValue(fc.string({ maxLength: 12 })), severity: fieldValue(fc.constantFrom("HIGH", "LOW")) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 2 }),
);

type Casing = "first" | "second" | "both" | "conflict" | "absent";
const casing = fc.constantFrom<Casing>("first", "first", "first", "second", "both", "conflict", "absent");

/** One field in Go casing, the stale lower casing, both (agreeing or not) or neither. */
function field(names: readonly [string, string], right: fc.Arbitrary<unknown>): fc.Arbitrary<Array<[string, unknown]>> {
  return fc.tuple(casing, fieldValue(right), fieldValue(right)).map(([which, value, other]): Array<[string, unknown]> => {
    switch (which) {
      case "first":
        return [[names[0], value]];
      case "second":
        return [[names[1], value]];
      case "both":
        return [[names[0], value], [names[1], value]];
      case "conflict":
        return [[names[0], value], [names[1], other]];
      case "absent":
        return [];
    }
  });
}

/** Verdict-shaped objects in either casing, with wrong types, Akto's fail-open object and its backpressure answer. */
const verdictLike: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    field(["Allowed", "allowed"], fc.boolean()),
    field(["Modified", "modified"], fc.boolean()),
    field(["ModifiedPayload", "modifiedPayload"], fc.string({ maxLength: 30 })),
    field(["Reason", "reason"], fc.oneof(fc.string({ maxLength: 20 }), fc.constant("guardrail scan skipped (backpressure): x"))),
    field(["behaviour", "Behaviour"], fc.constantFrom("block", "mask", "ALERT", "warn", "")),
    field(["Metadata", "metadata"], metadata),
    fc.option(fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 3, arbitrary: fc.constantFrom(false, "true", null) }), { freq: 4 }),
    fc.option(fc.string({ maxLength: 10 })),
  )
  .map(([allowed, modified, payload, reason, behaviour, meta, failOpen, error]) => {
    const value: Record<string, unknown> = {};
    for (const [name, item] of [...allowed, ...modified, ...payload, ...reason, ...behaviour, ...meta]) value[name] = item;
    if (failOpen !== null) value["failOpen"] = failOpen;
    if (error !== null) value["error"] = error;
    return value;
  });

/** `JSON.stringify` of an object, with a hostile key holding a decisive verdict inserted first. */
function withHostileKeys(value: Record<string, unknown>, key: (typeof HOSTILE_KEYS)[number]): string {
  const planted = JSON.stringify({ Allowed: false, allowed: false, failOpen: true, Metadata: "x", Reason: "planted", requestResult: { Allowed: false } });
  const text = JSON.stringify(value);
  return text === "{}" ? `{${JSON.stringify(key)}:${planted}}` : `{${JSON.stringify(key)}:${planted},${text.slice(1)}`;
}

const isString = (value: unknown): value is string => typeof value === "string";

/** What every parse must look like: a well-typed verdict, or a failure with a known class. */
function checkShape(result: AktoResultParse): void {
  if (result.ok) {
    const { verdict } = result;
    if (typeof verdict.allowed !== "boolean" || typeof verdict.modified !== "boolean") throw new Error(`bad verdict ${JSON.stringify(verdict)}`);
    for (const text of [verdict.modifiedPayload, verdict.reason, verdict.behaviour, verdict.policy, verdict.rule, verdict.severity]) {
      if (!isString(text)) throw new Error(`bad verdict ${JSON.stringify(verdict)}`);
    }
    if (verdict.behaviour !== verdict.behaviour.toLowerCase()) throw new Error("behaviour is not lower-cased");
    return;
  }
  if (!FAILURE_CLASSES.includes(result.failure.class) || !isString(result.failure.message)) throw new Error(`bad failure ${JSON.stringify(result)}`);
}

/** The own `Allowed`/`allowed` boolean the parser should have read, when the answer is not a failure. */
function ownAllowed(value: Record<string, unknown>): boolean | undefined {
  const upper = value["Allowed"];
  const lower = value["allowed"];
  return typeof upper === "boolean" ? upper : typeof lower === "boolean" ? lower : undefined;
}

describe("parseAktoResult (fuzz)", { timeout: 30_000 }, () => {
  it("should return a verdict or a typed failure for any status and any text", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.jsonValue().map((value) => JSON.stringify(value))), (status, text) => {
        const result = parseAktoResult(status, text);
        checkShape(result);
        if (status < 200 || status > 299) expect(result).toEqual({ ok: false, failure: { class: classifyHttpStatus(status), message: `Akto answered HTTP ${status}`, status } });
        for (const side of ["request", "response"] as const) checkShape(parseHttpProxyResult(status, text, side));
      }),
      { seed: 77, numRuns: 3000 },
    );
  });

  it("should read verdict-shaped answers with wrong types without throwing, and report the own Allowed value", () => {
    let verdicts = 0;
    fc.assert(
      fc.property(verdictLike, (value) => {
        const result = parseAktoResult(200, JSON.stringify(value));
        checkShape(result);
        if (result.ok) {
          verdicts += 1;
          expect(result.verdict.allowed).toBe(ownAllowed(value));
          expect(value["failOpen"]).not.toBe(true);
        }
      }),
      { seed: 78, numRuns: 3000 },
    );
    expect(verdicts).toBeGreaterThan(100);
  });

  it("should give the same answer whatever __proto__/constructor/prototype keys the answer carries", () => {
    fc.assert(
      fc.property(verdictLike, fc.constantFrom(...HOSTILE_KEYS), (value, key) => {
        const clean = parseAktoResult(200, JSON.stringify(value));
        const hostile = parseAktoResult(200, withHostileKeys(value, key));
        expect(hostile).toEqual(clean);
        const envelope = (result: string) => `{"success":true,"data":{"guardrailsResult":${result}}}`;
        expect(parseHttpProxyResult(200, envelope(withHostileKeys(value, key)), "request")).toEqual(parseHttpProxyResult(200, envelope(JSON.stringify(value)), "request"));
        expect(({} as Record<string, unknown>)["Allowed"]).toBeUndefined();
      }),
      { seed: 79, numRuns: 2000 },
    );
  });

  it("should read an http-proxy envelope exactly as the verdict inside it, and the side asked for", () => {
    fc.assert(
      fc.property(verdictLike, fc.option(verdictLike, { nil: undefined }), fc.option(verdictLike, { nil: undefined }), (top, request, response) => {
        const result = { ...top, ...(request ? { requestResult: request } : {}), ...(response ? { responseResult: response } : {}) };
        const text = JSON.stringify({ success: true, message: "ok", data: { success: true, guardrailsResult: result } });
        expect(parseHttpProxyResult(200, text, "request")).toEqual(parseAktoResult(200, JSON.stringify(request ?? result)));
        expect(parseHttpProxyResult(200, text, "response")).toEqual(parseAktoResult(200, JSON.stringify(response ?? result)));
      }),
      { seed: 80, numRuns: 1500 },
    );
  });

  it("should classify an answer cut at every byte as malformed_response", () => {
    const answers = [
      JSON.stringify({ Allowed: false, Modified: false, ModifiedPayload: "", Reason: "Prompt injection", Metadata: { policy_name: "p", rule_violated: "r" }, behaviour: "block" }),
      JSON.stringify({ Allowed: true, Modified: true, ModifiedPayload: JSON.stringify({ body: { messages: [{ role: "user", content: "mail [REDACTED] ✓" }] } }), Reason: "", behaviour: "mask" }),
    ];
    for (const answer of answers) {
      const bytes = new TextEncoder().encode(answer);
      expect(parseAktoResult(200, answer).ok).toBe(true);
      for (let cut = 0; cut < bytes.length; cut += 1) {
        const prefix = new TextDecoder().decode(bytes.subarray(0, cut));
        const result = parseAktoResult(200, prefix);
        expect(result.ok, `cut at ${cut}`).toBe(false);
        if (!result.ok) expect(result.failure.class).toBe("malformed_response");
        const wrapped = parseHttpProxyResult(200, `{"data":{"guardrailsResult":${answer}}}`.slice(0, cut + 27), "request");
        expect(wrapped.ok).toBe(false);
      }
    }
  });

  it("should read own fields only, even when a prototype is already polluted", () => {
    // Pollution that happened elsewhere in the host process must not turn a block into a fail-open
    // (`failOpen`), a verdict into a malformed answer (`Metadata`), or fill in a missing field.
    const block = JSON.stringify({ Allowed: false, Modified: false, ModifiedPayload: "", Reason: "Prompt injection", behaviour: "block" });
    const poisoned: Record<string, unknown> = { failOpen: true, Metadata: "x", metadata: "x", Allowed: true, error: "x", guardrailsResult: { Allowed: true }, requestResult: { Allowed: true }, data: { guardrailsResult: { Allowed: true } } };
    const results: AktoResultParse[] = [];
    try {
      for (const [name, value] of Object.entries(poisoned)) {
        Object.defineProperty(Object.prototype, name, { value, configurable: true, writable: true, enumerable: false });
      }
      results.push(parseAktoResult(200, block), parseAktoResult(200, "{}"), parseHttpProxyResult(200, `{"data":{"guardrailsResult":${block}}}`, "request"), parseHttpProxyResult(200, "{}", "request"));
    } finally {
      for (const name of Object.keys(poisoned)) delete (Object.prototype as Record<string, unknown>)[name];
    }
    const [blocked, empty, proxied, emptyEnvelope] = results;
    expect(blocked).toEqual({ ok: true, verdict: { allowed: false, modified: false, modifiedPayload: "", reason: "Prompt injection", behaviour: "block", policy: "", rule: "", severity: "" } });
    expect(empty).toMatchObject({ ok: false, failure: { class: "malformed_response" } });
    expect(proxied).toEqual(blocked);
    expect(emptyEnvelope).toMatchObject({ ok: false, failure: { class: "malformed_response" } });
  });
});
