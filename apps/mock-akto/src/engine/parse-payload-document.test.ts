import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePayloadDocument } from "./parse-payload-document";

describe("parsePayloadDocument", () => {
  it("should expose JSON string values but neither keys nor numbers", () => {
    const document = parsePayloadDocument('{"body":{"messages":[{"role":"user","content":"hi \\"there\\"\\n"}],"created":1795572880}}');
    expect(document.isJson).toBe(true);
    expect(document.texts).toEqual(["user", 'hi "there"\n']);
  });

  it("should treat non-JSON and bare scalars as raw text", () => {
    expect(parsePayloadDocument("My email is jane@example.com").texts).toEqual(["My email is jane@example.com"]);
    expect(parsePayloadDocument("4111111111111111").isJson).toBe(false);
    expect(parsePayloadDocument('{"broken":').isJson).toBe(false);
  });

  it("should keep untouched bytes (formatting, big numbers) exactly", () => {
    const payload = '{ "id": 12345678901234567890,\n  "text" : "secret",  "keep": "x" }';
    const document = parsePayloadDocument(payload);
    expect(document.rebuild(document.texts)).toBe(payload);
    expect(document.rebuild(["[REDACTED]", "x"])).toBe(
      '{ "id": 12345678901234567890,\n  "text" : "[REDACTED]",  "keep": "x" }',
    );
  });

  it("should rebuild a top-level JSON string", () => {
    const document = parsePayloadDocument('"call 555-123-4567"');
    expect(document.rebuild(["call [REDACTED]"])).toBe('"call [REDACTED]"');
  });

  it("should always rebuild valid JSON whatever the replacement text", () => {
    const container = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue()), fc.string());
    fc.assert(
      fc.property(container, fc.array(fc.string({ unit: "binary" })), fc.boolean(), (value, replacements, pretty) => {
        const payload = JSON.stringify(value, null, pretty ? 2 : undefined);
        const document = parsePayloadDocument(payload);
        expect(document.isJson).toBe(true);
        const texts = document.texts.map((text, index) => replacements[index] ?? text);
        const rebuilt = document.rebuild(texts);
        expect(() => JSON.parse(rebuilt) as unknown).not.toThrow();
        expect(parsePayloadDocument(rebuilt).texts).toEqual(texts);
      }),
      { numRuns: 300 },
    );
  });

  it("should never pollute Object.prototype through __proto__ keys", () => {
    const document = parsePayloadDocument('{"__proto__":{"polluted":"jane@example.com"},"a":"b"}');
    document.rebuild(["[REDACTED]", "b"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(document.rebuild(["[REDACTED]", "b"])).toBe('{"__proto__":{"polluted":"[REDACTED]"},"a":"b"}');
  });
});
