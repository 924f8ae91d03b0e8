/**
 * Deterministic unit-length embedding of `text`: a 32-bit FNV-1a hash seeds a small PRNG
 * (mulberry32) that fills `dimensions` values in [-1, 1], then the vector is L2-normalised.
 * Values are rounded to float32 so the float and base64 encodings decode to the same numbers.
 */
export function embedText(text: string, dimensions: number): number[] {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  let state = hash >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const vector: number[] = [];
  let sumOfSquares = 0;
  for (let index = 0; index < dimensions; index += 1) {
    const value = next() * 2 - 1;
    vector.push(value);
    sumOfSquares += value * value;
  }
  const norm = Math.sqrt(sumOfSquares) || 1;
  return vector.map((value) => Math.fround(value / norm));
}
