import { isPlainObject, parseJsonSafely } from "../util/parse-json-safely";

/** Decodes a JSON-encoded `requestHeaders` string into a map with lower-cased keys (bad input → empty). */
export function parseHeaderMap(encoded: string): Map<string, string> {
  const headers = new Map<string, string>();
  if (encoded === "") return headers;
  const parsed = parseJsonSafely(encoded);
  if (!parsed.success || !isPlainObject(parsed.value)) return headers;
  for (const key of Object.keys(parsed.value)) {
    const value = parsed.value[key];
    if (typeof value === "string") headers.set(key.toLowerCase(), value);
    else if (Array.isArray(value) && typeof value[0] === "string") headers.set(key.toLowerCase(), value[0]);
  }
  return headers;
}
