import { formatJsonPath } from "../json-path";
import type { Extraction } from "../types";

/** A compact, readable form of an extraction for `toEqual` assertions. */
export function summarise(extraction: Extraction): { segments: string[]; unscanned: string[] } {
  return {
    segments: extraction.segments.map(
      (segment) => `${formatJsonPath(segment.path)} | ${segment.role} | ${segment.kind}${segment.encoding ? ` | ${segment.encoding}` : ""} | ${segment.text}`,
    ),
    unscanned: extraction.unscanned.map((part) => `${formatJsonPath(part.path)} | ${part.reason}`),
  };
}
