import { describe, expect, it } from "vitest";
import { passesLuhn } from "./passes-luhn";

describe("passesLuhn", () => {
  it("should accept valid card numbers with or without separators", () => {
    expect(passesLuhn("4111111111111111")).toBe(true);
    expect(passesLuhn("4111 1111 1111 1111")).toBe(true);
    expect(passesLuhn("5500-0000-0000-0004")).toBe(true);
    expect(passesLuhn("378282246310005")).toBe(true);
  });

  it("should reject a number whose check digit is wrong", () => {
    expect(passesLuhn("4111111111111112")).toBe(false);
    expect(passesLuhn("378282246310006")).toBe(false);
  });

  it("should reject numbers that are too short to be cards", () => {
    expect(passesLuhn("0")).toBe(false);
    expect(passesLuhn("18")).toBe(false);
  });
});
