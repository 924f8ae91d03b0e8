import { applyJsonEdits, type JsonEdit } from "../shapes/apply-json-edits";
import { formatJsonPath, getAtPath } from "../shapes/json-path";
import type { TextSegment } from "../shapes/types";
import { safeParseJson } from "../util/json";

/** A new body, or why the replacements could not be applied. */
export type ApplySegmentTextsResult = { success: true; value: unknown } | { success: false; error: string };

/**
 * Returns a copy of `body` where segment `i`'s value is replaced by
 * `replacements.get(i)`. Only the containers on the way to a replaced value are
 * copied; everything else is shared, and `body` is never mutated. With no
 * replacements the result is `body` itself.
 *
 * A text segment's path must still hold a string; an `encoding: "json"` segment's
 * replacement must parse as JSON and replaces the whole value. `__proto__` keys are
 * copied as own properties and never touch a prototype.
 */
export function applySegmentTexts(
  body: unknown,
  segments: ReadonlyArray<TextSegment>,
  replacements: ReadonlyMap<number, string>,
): ApplySegmentTextsResult {
  const edits: JsonEdit[] = [];
  for (const [index, text] of replacements) {
    const segment = segments[index];
    if (segment === undefined) return { success: false, error: `no segment ${index}` };
    if (typeof text !== "string") return { success: false, error: `replacement for segment ${index} is not a string` };
    if (segment.encoding === "json") {
      const parsed = safeParseJson(text);
      if (!parsed.success) {
        return { success: false, error: `replacement for ${formatJsonPath(segment.path)} is not valid JSON: ${parsed.error}` };
      }
      edits.push({ path: segment.path, value: parsed.value });
    } else {
      if (typeof getAtPath(body, segment.path) !== "string") {
        return { success: false, error: `${formatJsonPath(segment.path) || "the root"} is not a string in the body` };
      }
      edits.push({ path: segment.path, value: text });
    }
  }
  const result = applyJsonEdits(body, edits);
  if (!result.success) return { success: false, error: `${formatJsonPath(result.path) || "the root"}: ${result.error}` };
  return { success: true, value: result.value };
}
