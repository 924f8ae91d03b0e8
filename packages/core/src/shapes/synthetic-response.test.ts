import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractResponseTexts } from "./extract-response-texts";
import { GuardrailError } from "../errors/guardrail-error";
import { buildSyntheticResponse } from "./synthetic-response";
import type { ApiShape } from "./types";

const textShapes = ["openai.chat", "openai.completions", "openai.responses", "anthropic.messages"] as const;

// Property tests run a few thousand cases; the generous timeout only matters on a loaded machine.
describe("buildSyntheticResponse", { timeout: 30_000 }, () => {
  it.each(textShapes)("should put one segment per part, in order, at its key path for %s", (shape) => {
    const parts = [
      { key: "choice:0", text: "first window" },
      { key: "choice:1", text: "" },
      { key: "tool:0", text: "{\"a\":1}" },
    ];
    const { body, keyPaths } = buildSyntheticResponse(shape, parts);
    const extraction = extractResponseTexts(shape, body);
    expect(extraction.unscanned).toEqual([]);
    expect(extraction.segments.map((segment) => segment.text)).toEqual(parts.map((part) => part.text));
    extraction.segments.forEach((segment, index) => {
      expect(segment.path).toEqual(keyPaths.get((parts[index] as { key: string }).key));
    });
  });

  it("should use the documented paths", () => {
    const parts = [{ key: "k", text: "t" }];
    expect(buildSyntheticResponse("openai.chat", parts).keyPaths.get("k")).toEqual(["choices", 0, "message", "content"]);
    expect(buildSyntheticResponse("openai.completions", parts).keyPaths.get("k")).toEqual(["choices", 0, "text"]);
    expect(buildSyntheticResponse("openai.responses", parts).keyPaths.get("k")).toEqual(["output", 0, "content", 0, "text"]);
    expect(buildSyntheticResponse("anthropic.messages", parts).keyPaths.get("k")).toEqual(["content", 0, "text"]);
  });

  it("should hold for any texts and keys", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...textShapes),
        fc.uniqueArray(fc.record({ key: fc.string(), text: fc.string() }), { selector: (part) => part.key, maxLength: 8 }),
        (shape, parts) => {
          const { body, keyPaths } = buildSyntheticResponse(shape, parts);
          const segments = extractResponseTexts(shape, JSON.parse(JSON.stringify(body))).segments;
          expect(segments.length).toBe(parts.length);
          parts.forEach((part, index) => {
            expect(segments[index]?.text).toBe(part.text);
            expect(segments[index]?.path).toEqual(keyPaths.get(part.key));
          });
        },
      ),
      { seed: 4242, numRuns: 500 },
    );
  });

  it("should throw a typed error for embeddings", () => {
    let caught: unknown;
    try {
      buildSyntheticResponse("openai.embeddings" as ApiShape, [{ key: "k", text: "t" }]);
    } catch (error) {
      caught = error;
    }
    expect(GuardrailError.isInstance(caught)).toBe(true);
    expect((caught as GuardrailError).code).toBe("ERR_SHAPE_NOT_SUPPORTED");
  });
});
