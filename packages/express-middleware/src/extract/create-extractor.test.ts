import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { applyExtractedTexts } from "./apply-extracted-texts";
import { createExtractor, type Extractor } from "./create-extractor";

const request = {} as Request;

function compile(spec: Parameters<typeof createExtractor>[0]): Extractor {
  const result = createExtractor(spec, "extract");
  if (!result.success) throw new Error(result.problems.join("\n"));
  return result.extractor;
}

describe("createExtractor", () => {
  it("should find strings at JSON paths, skip missing and null values, and scan other values as JSON", () => {
    const extract = compile(["question", "$.items[*].text", "count", "missing", "nothing"]);
    expect(extract({ question: "q", items: [{ text: "a" }, {}, { text: "b" }], count: 3, nothing: null }, request)).toEqual([
      { text: "q", path: ["question"], writable: true },
      { text: "a", path: ["items", 0, "text"], writable: true },
      { text: "b", path: ["items", 2, "text"], writable: true },
      { text: "3", path: ["count"], writable: false },
    ]);
  });

  it("should follow own properties only", () => {
    const extract = compile(["constructor", "__proto__", "toString"]);
    expect(extract({}, request)).toEqual([]);
    const body = JSON.parse('{"__proto__": "own text"}') as unknown;
    expect(extract(body, request)).toEqual([{ text: "own text", path: ["__proto__"], writable: true }]);
  });

  it("should scan a field named twice only once", () => {
    expect(compile(["question", "$.question", '$["question"]'])({ question: "q" }, request)).toHaveLength(1);
  });

  it("should validate what an extract function returns", () => {
    const extract = compile((body) => body as string[]);
    expect(extract(["a", { path: "x.y", text: "b" }, { path: ["z", 0], text: "c" }, { text: "d" }], request)).toEqual([
      { text: "a", writable: false },
      { text: "b", path: ["x", "y"], writable: true },
      { text: "c", path: ["z", 0], writable: true },
      { text: "d", writable: false },
    ]);
    expect(() => extract("not an array", request)).toThrow(/must return an array/);
    expect(() => extract([{ path: "items[*]", text: "x" }], request)).toThrow(/invalid path/);
    expect(() => extract([7], request)).toThrow(/neither a string/);
  });

  it("should report bad specs instead of throwing", () => {
    expect(createExtractor([], "extract")).toEqual({ success: false, problems: [expect.stringContaining("non-empty array")] });
    expect(createExtractor(["ok", "bad["], "extract.request")).toEqual({ success: false, problems: [expect.stringContaining("extract.request: invalid extract path")] });
  });
});

describe("applyExtractedTexts", () => {
  const body = { question: "My email is a@b.c", meta: { n: 1 } };
  const parts = compile(["question", "meta"])(body, request);

  it("should write changed texts back without touching the input", () => {
    const result = applyExtractedTexts(body, parts, (index) => (index === 0 ? "My email is [REDACTED]" : parts[index]?.text));
    expect(result).toEqual({ success: true, body: { question: "My email is [REDACTED]", meta: { n: 1 } } });
    expect(body.question).toBe("My email is a@b.c");
  });

  it("should return the same body when nothing changed", () => {
    expect(applyExtractedTexts(body, parts, (index) => parts[index]?.text)).toEqual({ success: true, body });
  });

  it("should refuse to place a redaction in a read-only text", () => {
    const result = applyExtractedTexts(body, parts, (index) => (index === 1 ? '{"n":"[REDACTED]"}' : parts[index]?.text));
    expect(result).toEqual({ success: false, reason: "meta is not a string, so it is read-only" });
    const plain = applyExtractedTexts(body, [{ text: "x", writable: false }], () => "y");
    expect(plain).toMatchObject({ success: false, reason: expect.stringContaining("without a path") });
    expect(applyExtractedTexts(body, parts, () => undefined)).toMatchObject({ success: false });
  });

  it("should never write through __proto__", () => {
    const result = applyExtractedTexts({}, [{ text: "a", path: ["__proto__", "polluted"], writable: true }], () => "b");
    expect(result.success).toBe(false);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
