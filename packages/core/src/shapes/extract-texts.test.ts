import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectApiShape } from "./detect-api-shape";
import { extractRequestTexts } from "./extract-request-texts";
import { extractResponseTexts } from "./extract-response-texts";
import { getAtPath } from "./json-path";
import { shapeLikeBody } from "./test-utils/arbitraries";
import type { DetectedShape, Extraction } from "./types";

const shapes: DetectedShape[] = ["openai.chat", "openai.completions", "openai.responses", "openai.embeddings", "anthropic.messages", "unknown"];

function checkExtraction(extraction: Extraction, body: unknown): void {
  for (const segment of extraction.segments) {
    const value = getAtPath(body, segment.path);
    if (segment.encoding === "json") expect(JSON.stringify(value)).toBe(segment.text);
    else expect(value).toBe(segment.text);
  }
}

// Property tests run a few thousand cases; the generous timeout only matters on a loaded machine.
describe("extractors", { timeout: 30_000 }, () => {
  it("should never throw on arbitrary JSON, and every segment should point at its text", () => {
    fc.assert(
      fc.property(fc.constantFrom(...shapes), fc.jsonValue(), (shape, value) => {
        const body = JSON.parse(JSON.stringify(value)) as unknown;
        checkExtraction(extractRequestTexts(shape, body), body);
        checkExtraction(extractResponseTexts(shape, body), body);
        expect(typeof detectApiShape(undefined, body)).toBe("string");
      }),
      { seed: 1234, numRuns: 2000 },
    );
  });

  it("should never throw on shape-like bodies with wrong types", () => {
    let segmentsSeen = 0;
    fc.assert(
      fc.property(fc.constantFrom(...shapes), shapeLikeBody, (shape, body) => {
        const request = extractRequestTexts(shape, body);
        checkExtraction(request, body);
        checkExtraction(extractResponseTexts(shape, body), body);
        expect(typeof detectApiShape("/x", body)).toBe("string");
        segmentsSeen += request.segments.length;
      }),
      { seed: 5678, numRuns: 2000 },
    );
    // The generator must actually reach the extractors' text paths for this property to mean anything.
    expect(segmentsSeen).toBeGreaterThan(2000);
  });

  it("should cope with very deep nesting and huge bodies", () => {
    let deep: unknown = "leaf";
    for (let depth = 0; depth < 100_000; depth += 1) deep = [deep];
    const body = { messages: [{ role: "assistant", content: "x", tool_calls: [{ function: { arguments: deep } }] }], input: deep, content: [{ type: "tool_use", input: deep }] };
    for (const shape of shapes) {
      expect(() => extractRequestTexts(shape, body)).not.toThrow();
      expect(() => extractResponseTexts(shape, body)).not.toThrow();
    }
    const huge = { messages: Array.from({ length: 20_000 }, (_, index) => ({ role: "user", content: `message ${index}` })) };
    expect(extractRequestTexts("openai.chat", huge).segments).toHaveLength(20_000);
  });
});
