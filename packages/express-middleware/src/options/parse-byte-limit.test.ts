import { describe, expect, it } from "vitest";
import { DEFAULT_BODY_LIMIT, parseByteLimit } from "./parse-byte-limit";

describe("parseByteLimit", () => {
  it("should read byte counts and sizes with units", () => {
    expect(parseByteLimit(2048)).toBe(2048);
    expect(parseByteLimit("100")).toBe(100);
    expect(parseByteLimit("1kb")).toBe(1024);
    expect(parseByteLimit(" 2.5 MB ")).toBe(2.5 * 1024 * 1024);
    expect(parseByteLimit("1gb")).toBe(1024 ** 3);
    expect(DEFAULT_BODY_LIMIT).toBe(1024 * 1024);
  });

  it("should reject what is not a positive size", () => {
    for (const value of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "", "lots", "1tb", "-1kb", "0mb", "1 k b"]) {
      expect(parseByteLimit(value)).toBeUndefined();
    }
  });
});
