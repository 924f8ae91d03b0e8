import { describe, expect, it } from "vitest";
import { applyMasks } from "./apply-masks";

describe("applyMasks", () => {
  it("should replace placeholder spans in place", () => {
    expect(applyMasks("a jane@x.io b", [{ start: 2, end: 11, style: "placeholder" }], "[REDACTED]")).toBe("a [REDACTED] b");
  });

  it("should widen secrets to the whole whitespace-delimited token", () => {
    const text = "key=AKIAIOSFODNN7EXAMPLE, thanks";
    expect(applyMasks(text, [{ start: 4, end: 24, style: "secret" }], "[REDACTED]")).toBe("****** thanks");
  });

  it("should merge overlapping spans, a secret winning", () => {
    const text = "0123456789";
    expect(
      applyMasks(
        text,
        [
          { start: 5, end: 8, style: "placeholder" },
          { start: 1, end: 6, style: "placeholder" },
        ],
        "#",
      ),
    ).toBe("0#89");
    expect(applyMasks("x abcdef y", [{ start: 2, end: 4, style: "placeholder" }, { start: 3, end: 5, style: "secret" }], "#")).toBe(
      "x ****** y",
    );
  });

  it("should return the text unchanged without spans", () => {
    expect(applyMasks("same", [], "#")).toBe("same");
  });
});
