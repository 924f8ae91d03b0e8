/** Any value `JSON.parse` can return. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type ParseResult<T> = { success: true; value: T } | { success: false; error: string };

/**
 * Parses JSON without throwing and without letting `__proto__` keys reach an
 * object's prototype (`JSON.parse` creates them as own properties, which is safe,
 * but a later spread or merge of such an object is not, so callers must never
 * merge parsed values into live objects).
 */
export function safeParseJson(text: string): ParseResult<JsonValue> {
  try {
    return { success: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { success: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `JSON.stringify`, or `undefined` when the value cannot be serialised: a body nested a few thousand
 * levels deep overflows the serialiser's stack (a client can send one; parsing it is iterative and fine).
 * Callers must then refuse the message rather than forward an unsanitised original.
 */
export function safeStringifyJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
