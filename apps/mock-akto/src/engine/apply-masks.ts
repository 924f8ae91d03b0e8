import type { MaskStyle, Span } from "../detectors/detector-types";

export interface MaskSpan extends Span {
  style: MaskStyle;
}

const secretMask = "******";

function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x2028 || code === 0x2029;
}

/** Secrets are masked as the whole whitespace-delimited token (agent-guard `secrets.py`). */
function widenToToken(text: string, span: Span): Span {
  let start = span.start;
  let end = span.end;
  while (start > 0 && !isWhitespace(text.charCodeAt(start - 1))) start -= 1;
  while (end < text.length && !isWhitespace(text.charCodeAt(end))) end += 1;
  return { start, end };
}

/** Replaces every span (overlaps merged; a merge touching a secret becomes `******`). */
export function applyMasks(text: string, spans: readonly MaskSpan[], placeholder: string): string {
  if (spans.length === 0) return text;
  const widened = spans
    .map((span): MaskSpan => (span.style === "secret" ? { ...widenToToken(text, span), style: "secret" } : span))
    .sort((left, right) => left.start - right.start);

  let result = "";
  let cursor = 0;
  let current: MaskSpan | undefined;
  const flush = () => {
    if (current === undefined) return;
    result += text.slice(cursor, current.start) + (current.style === "secret" ? secretMask : placeholder);
    cursor = current.end;
  };
  for (const span of widened) {
    if (current !== undefined && span.start < current.end) {
      current = {
        start: current.start,
        end: Math.max(current.end, span.end),
        style: current.style === "secret" || span.style === "secret" ? "secret" : "placeholder",
      };
      continue;
    }
    flush();
    current = { ...span };
  }
  flush();
  return result + text.slice(cursor);
}
