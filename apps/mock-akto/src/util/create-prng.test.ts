import { describe, expect, it } from "vitest";
import { createPrng } from "./create-prng";

describe("createPrng", () => {
  it("should repeat its sequence for the same seed", () => {
    const first = createPrng(42);
    const second = createPrng(42);
    const a = Array.from({ length: 5 }, () => first.next());
    expect(Array.from({ length: 5 }, () => second.next())).toEqual(a);
    expect(a.every((value) => value >= 0 && value < 1)).toBe(true);
    first.reseed(42);
    expect(first.next()).toBe(a[0]);
    expect(createPrng(43).next()).not.toBe(a[0]);
  });
});
