export interface Prng {
  /** A number in [0, 1). */
  next(): number;
  reseed(seed: number): void;
}

/** mulberry32: tiny, fast and good enough for reproducible fault draws. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let value = state;
      value = Math.imul(value ^ (value >>> 15), value | 1);
      value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
      return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
    },
    reseed(newSeed: number) {
      state = newSeed >>> 0;
    },
  };
}
