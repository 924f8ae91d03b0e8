import { ownValue } from "./json-access";
import type { JsonObject, ReleasedTextSource } from "./stream-format-handler";

/** The object with its string `field` replaced by the key's released text when the two differ (else the same object). */
export function withReleasedText(object: JsonObject, field: string, key: string, source: ReleasedTextSource): JsonObject {
  const current = ownValue(object, field);
  const released = source.releasedText(key);
  return typeof current === "string" && released !== undefined && released !== current
    ? { ...object, [field]: released }
    : object;
}
