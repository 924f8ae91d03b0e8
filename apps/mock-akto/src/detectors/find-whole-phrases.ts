import type { Span } from "./detector-types";

const wordCharacter = /[\p{L}\p{N}_]/u;

function isWordCharacterAt(text: string, index: number): boolean {
  const character = text[index];
  return character !== undefined && wordCharacter.test(character);
}

/**
 * Every occurrence of each phrase in `text` not glued to a word character on either side
 * (the same rule as `(?<![\p{L}\p{N}_])phrase(?![\p{L}\p{N}_])`).
 * Plain `indexOf` scans are much cheaper than a Unicode regex with lookbehind per position.
 */
export function findWholePhrases(text: string, phrases: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (const phrase of phrases) {
    let index = text.indexOf(phrase);
    while (index !== -1) {
      const end = index + phrase.length;
      if (!isWordCharacterAt(text, index - 1) && !isWordCharacterAt(text, end)) spans.push({ start: index, end });
      index = text.indexOf(phrase, index + 1);
    }
  }
  return spans;
}
