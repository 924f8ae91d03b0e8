import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExtractPath, WILDCARD } from "./parse-extract-path";

describe("parseExtractPath", () => {
  it("should parse the documented forms", () => {
    const cases: Array<[string, unknown[]]> = [
      ["question", ["question"]],
      ["$.question", ["question"]],
      ["input.text", ["input", "text"]],
      ["messages[0].content", ["messages", 0, "content"]],
      ["$.items[*].text", ["items", WILDCARD, "text"]],
      ["$.items.*", ["items", WILDCARD]],
      ['data["x-id"]', ["data", "x-id"]],
      ["$['a.b'][2]", ["a.b", 2]],
      ["$[0]", [0]],
    ];
    for (const [source, segments] of cases) expect(parseExtractPath(source)).toEqual({ success: true, segments });
  });

  it("should reject malformed paths with a message naming the path", () => {
    for (const source of ["", "$", "a..b", "a[", "a[x]", "a.", "a]b", "a[-1]"]) {
      const result = parseExtractPath(source);
      expect(result.success).toBe(false);
      if (!result.success) expect(result.error).toContain(`"${source}"`);
    }
  });

  it("should read back any path written in its syntax", () => {
    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((text) => !/["'\]]/.test(text));
    const segment = fc.oneof(key, fc.nat({ max: 1000 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const source = `$${segments.map((part) => (typeof part === "number" ? `[${part}]` : `["${part}"]`)).join("")}`;
        expect(parseExtractPath(source)).toEqual({ success: true, segments });
      }),
    );
  });
});
