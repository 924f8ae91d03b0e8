import type { Span } from "./detector-types";

/** Every match of a global regex as a span; `accept` can reject a match (e.g. a failed Luhn check). */
export function collectRegexSpans(
  regex: RegExp,
  text: string,
  accept?: (match: string) => boolean,
): Span[] {
  const spans: Span[] = [];
  regex.lastIndex = 0;
  let match = regex.exec(text);
  while (match !== null) {
    if (match[0].length === 0) {
      regex.lastIndex += 1;
    } else if (accept === undefined || accept(match[0])) {
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
    match = regex.exec(text);
  }
  return spans;
}
