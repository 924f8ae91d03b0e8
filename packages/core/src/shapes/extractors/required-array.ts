import type { ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";

/**
 * The top-level array a shape cannot do without (`messages`, `choices`, `output`, `content`), or
 * undefined after reporting it as unscanned: missing at the root, or of the wrong type at its path.
 */
export function requiredArray(builder: ExtractionBuilder, body: Record<string, unknown>, field: string): unknown[] | undefined {
  const value = getOwnProperty(body, field);
  if (value === undefined) {
    builder.unscanned([], `${field} is missing`);
    return undefined;
  }
  if (!Array.isArray(value)) {
    builder.unscanned([field], `${field} is not an array`);
    return undefined;
  }
  return value;
}
