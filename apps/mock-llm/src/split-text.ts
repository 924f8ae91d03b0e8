const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Splits `text` into pieces of at most `size` characters (code points, so emoji and other
 * astral characters are never cut in half). An empty text gives no pieces.
 */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  if (!SURROGATE.test(text)) {
    for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
    return pieces;
  }
  let current = '';
  let count = 0;
  for (const character of text) {
    current += character;
    count += 1;
    if (count === size) {
      pieces.push(current);
      current = '';
      count = 0;
    }
  }
  if (count > 0) pieces.push(current);
  return pieces;
}
