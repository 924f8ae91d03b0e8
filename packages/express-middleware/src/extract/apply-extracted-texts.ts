import { applySegmentTexts, formatJsonPath, type TextSegment } from "@akto-guardrails/core";
import type { ExtractedPart } from "./create-extractor";

export type ApplyExtractedTextsResult = { readonly success: true; readonly body: unknown } | { readonly success: false; readonly reason: string };

/**
 * Writes sanitized texts back into a custom body at the paths they were extracted from.
 * `sanitizedText(i)` is part `i`'s text after Akto's redaction. A changed text that has no
 * writable path (an extract function returned plain text, or the value was not a string)
 * cannot be placed, and the caller must block rather than forward the original.
 */
export function applyExtractedTexts(
  body: unknown,
  parts: ReadonlyArray<ExtractedPart>,
  sanitizedText: (index: number) => unknown,
): ApplyExtractedTextsResult {
  const replacements = new Map<number, string>();
  for (const [index, part] of parts.entries()) {
    const text = sanitizedText(index);
    if (typeof text !== "string") return { success: false, reason: "the redacted text could not be found" };
    if (text === part.text) continue;
    if (!part.writable || part.path === undefined) {
      return {
        success: false,
        reason:
          part.path === undefined
            ? "the extract function returned the text without a path, so it is read-only"
            : `${formatJsonPath(part.path)} is not a string, so it is read-only`,
      };
    }
    replacements.set(index, text);
  }
  if (replacements.size === 0) return { success: true, body };
  const segments: TextSegment[] = parts.map((part) => ({ path: part.path ?? [], role: "user", kind: "text", text: part.text }));
  const applied = applySegmentTexts(body, segments, replacements);
  return applied.success ? { success: true, body: applied.value } : { success: false, reason: applied.error };
}
