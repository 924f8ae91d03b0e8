import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractRequestTexts } from "../shapes/extract-request-texts";
import { extractResponseTexts } from "../shapes/extract-response-texts";
import { getAtPath } from "../shapes/json-path";
import { shapeLikeBody } from "../shapes/test-utils/arbitraries";
import { deepFreeze } from "../shapes/test-utils/deep-freeze";
import { loadFixture } from "../shapes/test-utils/load-fixture";
import type { DetectedShape, Extraction } from "../shapes/types";
import { applySegmentTexts } from "./apply-segment-texts";
import { differsOutsidePaths } from "./differs-outside-paths";

const shapes: DetectedShape[] = ["openai.chat", "openai.completions", "openai.responses", "openai.embeddings", "anthropic.messages"];

function extract(shape: DetectedShape, stage: "input" | "output", body: unknown): Extraction {
  return stage === "input" ? extractRequestTexts(shape, body) : extractResponseTexts(shape, body);
}

// Property tests run a few thousand cases; the generous timeout only matters on a loaded machine.
describe("applySegmentTexts", { timeout: 30_000 }, () => {
  it("should replace texts in every message, including the system prompt, without mutating the input", () => {
    const body = deepFreeze(loadFixture("openai-chat.request.rich.json"));
    const { segments } = extractRequestTexts("openai.chat", body);
    const replacements = new Map(segments.map((segment, index) => [index, `[${index}] ${segment.text.toUpperCase()}`] as const));
    const result = applySegmentTexts(body, segments, replacements);
    if (!result.success) throw new Error(result.error);
    segments.forEach((segment, index) => expect(getAtPath(result.value, segment.path)).toBe(replacements.get(index)));
    expect(getAtPath(result.value, ["messages", 0, "content"])).toBe("[0] YOU ARE A SUPPORT AGENT FOR ACME.");
    expect(differsOutsidePaths(body, result.value, segments.map((segment) => segment.path))).toBe(false);
    // Untouched subtrees are shared, not copied.
    expect(getAtPath(result.value, ["tools"])).toBe(getAtPath(body, ["tools"]));
    expect(getAtPath(result.value, ["messages", 2, "content", 1])).toBe(getAtPath(body, ["messages", 2, "content", 1]));
  });

  it("should return the body itself when there are no replacements", () => {
    const body = loadFixture("openai-chat.request.plain.json");
    expect(applySegmentTexts(body, extractRequestTexts("openai.chat", body).segments, new Map())).toEqual({ success: true, value: body });
  });

  it("should parse replacements of JSON-encoded segments", () => {
    const body = deepFreeze(loadFixture("anthropic-messages.request.rich.json"));
    const { segments } = extractRequestTexts("anthropic.messages", body);
    const index = segments.findIndex((segment) => segment.encoding === "json");
    const result = applySegmentTexts(body, segments, new Map([[index, '{"ticker":"ACME","note":"for [REDACTED]"}']]));
    if (!result.success) throw new Error(result.error);
    expect(getAtPath(result.value, ["messages", 1, "content", 3, "input"])).toEqual({ ticker: "ACME", note: "for [REDACTED]" });
    expect(getAtPath(result.value, ["messages", 1, "content", 3, "name"])).toBe("get_stock_price");
  });

  it("should fail when a JSON-encoded replacement is not JSON", () => {
    const body = loadFixture("anthropic-messages.response.json");
    const { segments } = extractResponseTexts("anthropic.messages", body);
    const index = segments.findIndex((segment) => segment.encoding === "json");
    const result = applySegmentTexts(body, segments, new Map([[index, '{"ticker": [REDACTED]}']]));
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error).toMatch(/^replacement for content\[2\]\.input is not valid JSON/);
  });

  it("should fail for segments that do not belong to the body", () => {
    const body = { messages: [{ role: "user", content: "hi" }] };
    const segments = extractRequestTexts("openai.chat", body).segments;
    expect(applySegmentTexts(body, segments, new Map([[3, "x"]]))).toEqual({ success: false, error: "no segment 3" });
    expect(applySegmentTexts({ messages: [] }, segments, new Map([[0, "x"]]))).toEqual({
      success: false,
      error: "messages[0].content is not a string in the body",
    });
  });

  it("should keep __proto__ keys as own properties and never pollute a prototype", () => {
    const body = deepFreeze(
      JSON.parse(
        '{"__proto__":{"polluted":"body"},"prompt":{"id":"p","variables":{"__proto__":"secret 123","name":"Jane"}},' +
          '"input":[{"role":"user","content":"hi","__proto__":{"polluted":"item"}}]}',
      ) as unknown,
    );
    const { segments } = extractRequestTexts("openai.responses", body);
    expect(segments.map((segment) => segment.path)).toEqual([["input", 0, "content"], ["prompt", "variables", "__proto__"], ["prompt", "variables", "name"]]);
    const result = applySegmentTexts(body, segments, new Map([[0, "HI"], [1, "secret [REDACTED]"], [2, "[REDACTED]"]]));
    if (!result.success) throw new Error(result.error);
    const value = result.value as Record<string, unknown>;
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(getAtPath(value, ["input", 0]))).toBe(Object.prototype);
    expect(Object.getPrototypeOf(getAtPath(value, ["prompt", "variables"]))).toBe(Object.prototype);
    expect(getAtPath(value, ["prompt", "variables", "__proto__"])).toBe("secret [REDACTED]");
    expect(getAtPath(value, ["input", 0, "__proto__", "polluted"])).toBe("item");
    expect(JSON.stringify(value)).toBe(
      '{"__proto__":{"polluted":"body"},"prompt":{"id":"p","variables":{"__proto__":"secret [REDACTED]","name":"[REDACTED]"}},' +
        '"input":[{"role":"user","content":"HI","__proto__":{"polluted":"item"}}]}',
    );
  });

  describe("properties", () => {
    const bodies = fc.oneof(
      { weight: 4, arbitrary: shapeLikeBody },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "openai-chat.request.rich.json",
          "openai-responses.request.rich.json",
          "anthropic-messages.request.rich.json",
          "openai-completions.request.rich.json",
          "anthropic-messages.response.json",
          "openai-chat.response.json",
        ).map((name) => loadFixture(name) as Record<string, unknown>),
      },
    );

    it("should return a deep-equal body when every text is unchanged", () => {
      fc.assert(
        fc.property(fc.constantFrom(...shapes), fc.constantFrom("input" as const, "output" as const), bodies, (shape, stage, body) => {
          deepFreeze(body);
          const { segments } = extract(shape, stage, body);
          const result = applySegmentTexts(body, segments, new Map(segments.map((segment, index) => [index, segment.text] as const)));
          expect(result.success).toBe(true);
          if (result.success) expect(result.value).toStrictEqual(body);
        }),
        { seed: 20261125, numRuns: 2000 },
      );
    });

    it("should change only the segment values, never a non-text field", () => {
      let replaced = 0;
      fc.assert(
        fc.property(
          fc.constantFrom(...shapes),
          fc.constantFrom("input" as const, "output" as const),
          bodies,
          fc.infiniteStream(fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)))),
          (shape, stage, body, texts) => {
            deepFreeze(body);
            const before = JSON.stringify(body);
            const { segments } = extract(shape, stage, body);
            const newTexts = segments.map((segment) => {
              const candidate = texts.next().value as string;
              // JSON-encoded segments must receive JSON; a plain string is made into a JSON string.
              return segment.encoding === "json" && !isJson(candidate) ? JSON.stringify(candidate) : candidate;
            });
            const result = applySegmentTexts(body, segments, new Map(newTexts.map((text, index) => [index, text] as const)));
            if (!result.success) throw new Error(result.error);
            replaced += segments.length;
            expect(JSON.stringify(body)).toBe(before);
            expect(differsOutsidePaths(body, result.value, segments.map((segment) => segment.path))).toBe(false);
            segments.forEach((segment, index) => {
              const value = getAtPath(result.value, segment.path);
              if (segment.encoding === "json") expect(value).toEqual(JSON.parse(newTexts[index] as string));
              else expect(value).toBe(newTexts[index]);
            });
          },
        ),
        { seed: 1125, numRuns: 2000 },
      );
      expect(replaced).toBeGreaterThan(2000);
    });
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
