import { describe, expect, it } from 'vitest';
import { embedText } from './embed-text';

describe('embedText', () => {
  it('should be deterministic and depend on the text', () => {
    expect(embedText('hello', 8)).toEqual(embedText('hello', 8));
    expect(embedText('hello', 8)).not.toEqual(embedText('hellp', 8));
  });

  it('should return unit vectors of the requested dimension made of float32 values', () => {
    const vector = embedText('some text', 16);
    expect(vector).toHaveLength(16);
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 5);
    for (const value of vector) expect(Math.fround(value)).toBe(value);
  });
});
