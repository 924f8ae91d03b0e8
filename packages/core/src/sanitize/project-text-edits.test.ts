import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { projectTextEdits } from "./project-text-edits";

// Property tests run a few thousand cases; the generous timeout only matters on a loaded machine.
describe("projectTextEdits", { timeout: 30_000 }, () => {
  it("should place redactions in the texts they fall in", () => {
    expect(projectTextEdits(["You are helpful.", "My email is jane@example.com.", "Call 555-0100"], "You are helpful.\nMy email is [REDACTED].\nCall [REDACTED]")).toEqual({
      success: true,
      texts: ["You are helpful.", "My email is [REDACTED].", "Call [REDACTED]"],
    });
  });

  it("should accept texts joined with other whitespace", () => {
    expect(projectTextEdits(["mail jane@example.com", "ok", "ssn 123-45-6789"], "mail [REDACTED] ok\tssn [REDACTED]")).toEqual({
      success: true,
      texts: ["mail [REDACTED]", "ok", "ssn [REDACTED]"],
    });
  });

  it("should ignore whitespace noise at the edges of texts", () => {
    expect(projectTextEdits(["a b", "c d"], "  a b \n\n c [REDACTED]")).toEqual({ success: true, texts: ["a b", "c [REDACTED]"] });
    expect(projectTextEdits(["a b", "c d"], "a b\n\nc d\n")).toEqual({ success: true, texts: ["a b", "c d"] });
    expect(projectTextEdits(["a ", " b"], "a\nb")).toEqual({ success: true, texts: ["a ", " b"] });
  });

  it("should place redactions that replace a whole text or touch its edges", () => {
    expect(projectTextEdits(["hi", "jane@example.com", "bye"], "hi\n[REDACTED]\nbye")).toEqual({ success: true, texts: ["hi", "[REDACTED]", "bye"] });
    expect(projectTextEdits(["JANE DOE", "x"], "[REDACTED]\nx")).toEqual({ success: true, texts: ["[REDACTED]", "x"] });
    expect(projectTextEdits(["abc", "def"], "abcX\nYdef")).toEqual({ success: true, texts: ["abcX", "Ydef"] });
  });

  it("should refuse a candidate that lacks some of the texts", () => {
    expect(projectTextEdits(["You are a bot.", "my ssn is 123-45-6789", "Sure."], "my ssn is [REDACTED]").success).toBe(false);
    // A crafted text equal to another's redacted form must not make the real one look absent.
    expect(projectTextEdits(["my ssn is [REDACTED]", "my ssn is 123-45-6789"], "my ssn is [REDACTED]")).toEqual({
      success: false,
      reason: "an edit spans two texts",
    });
  });

  it("should report no change for an identical candidate", () => {
    expect(projectTextEdits(["a", "b"], "a\nb")).toEqual({ success: true, texts: ["a", "b"] });
    expect(projectTextEdits([], "")).toEqual({ success: true, texts: [] });
  });

  it("should fail when an edit cannot be placed unambiguously", () => {
    // Spans two texts.
    expect(projectTextEdits(["call me at 555", "0100 tomorrow"], "call me at [REDACTED] tomorrow")).toEqual({
      success: false,
      reason: "an edit spans two texts",
    });
    // An inserted line between two texts could belong to either.
    expect(projectTextEdits(["a", "b"], "a\nnew line\nb").success).toBe(false);
    expect(projectTextEdits(["first", "second"], "first\nX Y\nsecond").success).toBe(false);
    // A separator removed without any text missing.
    expect(projectTextEdits(["a", "b"], "ab").success).toBe(false);
    expect(projectTextEdits(["abc", "def"], "abXef").success).toBe(false);
    // Nothing to place edits in.
    expect(projectTextEdits([], "text")).toEqual({ success: false, reason: "there is no text to place the edits in" });
  });

  it("should fail when the candidate is too different", () => {
    const result = projectTextEdits(["x ".repeat(5_000)], "y ".repeat(5_000));
    expect(result).toEqual({ success: false, reason: "the texts differ by more than 4096 edits" });
  });

  describe("property: every edit lands in the text it came from", () => {
    const edit = (unit: fc.Arbitrary<string>) =>
      fc.record({ at: fc.nat(), length: fc.nat({ max: 4 }), insert: fc.string({ unit, maxLength: 6 }), apply: fc.boolean() });
    const applyEdit = (text: string, change: { at: number; length: number; insert: string; apply: boolean }) => {
      if (!change.apply) return text;
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + change.insert + text.slice(at + change.length);
    };
    /** A redaction replaces a non-empty span of a text with a non-empty placeholder. */
    const applyRedaction = (text: string, change: { at: number; length: number; insert: string; apply: boolean }) => {
      if (!change.apply || change.insert === "") return text;
      const at = change.at % text.length;
      return text.slice(0, at) + change.insert + text.slice(at + Math.max(1, change.length));
    };

    it("should place every redaction exactly in texts without whitespace", () => {
      const textUnit = fc.constantFrom("a", "b", "c", "@", ".", "é", "😀", "-");
      const placeholderUnit = fc.constantFrom("[", "]", "R", "*");
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.string({ unit: textUnit, minLength: 1, maxLength: 12 }), edit(placeholderUnit)), { minLength: 1, maxLength: 6 }),
          fc.constantFrom("\n", " ", "\t"),
          (segments, joiner) => {
            const originals = segments.map(([text]) => text);
            const expected = segments.map(([text, change]) => applyRedaction(text, change));
            expect(projectTextEdits(originals, expected.join(joiner))).toEqual({ success: true, texts: expected });
          },
        ),
        { seed: 99, numRuns: 3000 },
      );
    });

    it("should place every redaction exactly in multi-line texts of words", () => {
      // Placeholder letters also occur in the texts, as in real prose.
      const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "d", "@", ".", "1", "E", "D"), minLength: 1, maxLength: 8 });
      const gap = fc.constantFrom(" ", " ", " ", "\n", "\n\n", ", ");
      fc.assert(
        fc.property(
          fc.array(fc.array(fc.tuple(word, gap, fc.boolean()), { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 6 }),
          fc.constantFrom("\n", " "),
          (segments, joiner) => {
            const originals = segments.map((words) => words.map(([text, before], index) => (index ? before : "") + text).join(""));
            const expected = segments.map((words) =>
              words.map(([text, before, redact], index) => (index ? before : "") + (redact ? "[REDACTED]" : text)).join(""),
            );
            expect(projectTextEdits(originals, expected.join(joiner))).toEqual({ success: true, texts: expected });
          },
        ),
        { seed: 100, numRuns: 3000 },
      );
    });

    it("should never keep a secret the service removed, whatever else it did", () => {
      const unit = fc.constantFrom("a", "b", " ", "\n", "[", "]");
      fc.assert(
        fc.property(
          fc.array(
            fc.record({ before: fc.string({ unit, maxLength: 6 }), after: fc.string({ unit, maxLength: 6 }), secret: fc.boolean(), replacement: fc.string({ unit, maxLength: 4 }), chaos: edit(unit), covered: fc.boolean() }),
            { minLength: 1, maxLength: 5 },
          ),
          fc.constantFrom("\n", " ", "", "\n\n"),
          (segments, joiner) => {
            const originals = segments.map((segment) => segment.before + (segment.secret ? "§" : "") + segment.after);
            // Covered texts lose their secret and may be edited arbitrarily (even emptied); the rest are missing.
            const candidate = segments
              .filter((segment) => segment.covered)
              .map((segment) => applyEdit(segment.before + (segment.secret ? segment.replacement : "") + segment.after, segment.chaos))
              .join(joiner);
            const result = projectTextEdits(originals, candidate);
            if (result.success) {
              result.texts.forEach((text, index) => {
                if (segments[index]?.covered) expect(text).not.toContain("§");
              });
            }
          },
        ),
        { seed: 101, numRuns: 5000 },
      );
    });
  });
});
