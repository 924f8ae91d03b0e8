import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from './split-text';

describe('splitText', () => {
  it('should cut text into pieces of at most size characters', () => {
    expect(splitText('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
    expect(splitText('', 3)).toEqual([]);
  });

  it('should never split an astral character in half', () => {
    expect(splitText('a😀b😀', 2)).toEqual(['a😀', 'b😀']);
  });

  it('should rebuild the text from its pieces for any input and size', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 20 }), (text, size) => {
        const pieces = splitText(text, size);
        expect(pieces.join('')).toBe(text);
        for (const piece of pieces) expect(Array.from(piece).length).toBeLessThanOrEqual(size);
        expect(pieces.length).toBe(Math.ceil(Array.from(text).length / size));
      }),
    );
  });
});
