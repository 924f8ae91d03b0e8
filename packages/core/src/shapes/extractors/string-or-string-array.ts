import type { ExtractionBuilder } from "../extraction-builder";
import type { SegmentRole } from "../types";

/**
 * A field that is a string or an array of strings (completions `prompt`, embeddings
 * `input`). Token arrays (`number[]` or `number[][]`) cannot be scanned as text.
 */
export function extractStringOrStringArray(
  builder: ExtractionBuilder,
  value: unknown,
  field: string,
  role: SegmentRole,
): void {
  if (typeof value === "string") {
    builder.text([field], role, "text", value);
    return;
  }
  if (!Array.isArray(value)) {
    builder.unscanned([field], `${field} is not a string or an array`);
    return;
  }
  if (value.length > 0 && value.every((item) => typeof item === "number")) {
    builder.unscanned([field], "token arrays are not scanned");
    return;
  }
  value.forEach((item: unknown, index) => {
    if (typeof item === "string") builder.text([field, index], role, "text", item);
    else if (Array.isArray(item)) builder.unscanned([field, index], "token arrays are not scanned");
    else builder.unscanned([field, index], `${field} item is not a string`);
  });
}
