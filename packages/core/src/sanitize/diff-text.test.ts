import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffText, type TextEdit } from "./diff-text";

function applyEdits(before: string, after: string, edits: ReadonlyArray<TextEdit>): string {
  let result = "";
  let cursor = 0;
  for (const edit of edits) {
    result += before.slice(cursor, edit.beforeStart) + after.slice(edit.afterStart, edit.afterEnd);
    cursor = edit.beforeEnd;
  }
  return result + before.slice(cursor);
}

/** Reference edit distance (insertions + deletions only) by dynamic programming. */
function referenceDistance(before: string, after: string, equals = (i: number, j: number) => before[i] === after[j]): number {
  let previous = Array.from({ length: after.length + 1 }, (_, j) => j);
  for (let i = 1; i <= before.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= after.length; j += 1) {
      current[j] = equals(i - 1, j - 1) ? (previous[j - 1] as number) : Math.min(previous[j] as number, current[j - 1] as number) + 1;
    }
    previous = current;
  }
  return previous[after.length] as number;
}

// Property tests run a few thousand cases; the generous timeout only matters on a loaded machine.
describe("diffText", { timeout: 30_000 }, () => {
  it("should find the edits of a redaction", () => {
    const before = "mail jane@example.com now";
    const after = "mail [REDACTED] now";
    const result = diffText(before, after);
    expect(result).toEqual({ success: true, edits: [{ beforeStart: 5, beforeEnd: 21, afterStart: 5, afterEnd: 15 }], distance: 26 });
  });

  it("should handle empty and identical texts", () => {
    expect(diffText("", "")).toEqual({ success: true, edits: [], distance: 0 });
    expect(diffText("same", "same")).toEqual({ success: true, edits: [], distance: 0 });
    expect(diffText("", "abc")).toEqual({ success: true, edits: [{ beforeStart: 0, beforeEnd: 0, afterStart: 0, afterEnd: 3 }], distance: 3 });
    expect(diffText("abc", "")).toEqual({ success: true, edits: [{ beforeStart: 0, beforeEnd: 3, afterStart: 0, afterEnd: 0 }], distance: 3 });
  });

  it("should produce a minimal, ordered edit script that turns one text into the other", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", "c", " "), maxLength: 30 }), fc.string({ unit: fc.constantFrom("a", "b", "c", " "), maxLength: 30 }), (before, after) => {
        const result = diffText(before, after);
        if (!result.success) throw new Error(result.error);
        expect(applyEdits(before, after, result.edits)).toBe(after);
        expect(result.distance).toBe(referenceDistance(before, after));
        for (let index = 1; index < result.edits.length; index += 1) {
          const previous = result.edits[index - 1] as TextEdit;
          const edit = result.edits[index] as TextEdit;
          // Edits are separated by at least one matched character.
          expect(edit.beforeStart).toBeGreaterThan(previous.beforeEnd);
          expect(edit.afterStart - previous.afterEnd).toBe(edit.beforeStart - previous.beforeEnd);
        }
      }),
      { seed: 7, numRuns: 3000 },
    );
  });

  it("should use a custom equality", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", "\n"), maxLength: 20 }), fc.string({ unit: fc.constantFrom("a", "b", " ", "\n"), maxLength: 20 }), (before, after) => {
        // A newline in `before` matches any whitespace in `after`.
        const equals = (i: number, j: number) => (before[i] === "\n" ? after[j] === " " || after[j] === "\n" : before[i] === after[j]);
        const result = diffText(before, after, { equals });
        if (!result.success) throw new Error(result.error);
        expect(result.distance).toBe(referenceDistance(before, after, equals));
      }),
      { seed: 8, numRuns: 1000 },
    );
  });

  it("should give up when the edit distance is over budget", () => {
    expect(diffText("abcdef", "uvwxyz", { maxEditDistance: 11 })).toEqual({ success: false, error: "the texts differ by more than 11 edits" });
    expect(diffText("abcdef", "uvwxyz", { maxEditDistance: 12 }).success).toBe(true);
    expect(diffText("aaaa", "", { maxEditDistance: 3 }).success).toBe(false);
  });

  it("should stay fast on large texts: small edits succeed, unrelated texts give up", () => {
    const words = Array.from({ length: 8000 }, (_, index) => `word${(index * 7919) % 1000}`).join(" ");
    const edited = words.slice(0, 100) + "[REDACTED]" + words.slice(120, 40_000) + "[REDACTED]" + words.slice(40_030);
    const small = diffText(words, edited);
    expect(small.success).toBe(true);
    if (small.success) expect(applyEdits(words, edited, small.edits)).toBe(edited);
    expect(diffText("x".repeat(65_536), "y".repeat(65_536)).success).toBe(false);
    expect(diffText("a".repeat(65_536), "ab".repeat(32_768)).success).toBe(false);
  });
});
