export type ParseResult<T> = { success: true; value: T } | { success: false; error: string };

/**
 * `JSON.parse` without throwing. `JSON.parse` itself creates `__proto__` keys as own
 * properties (safe); callers must still never merge parsed objects into live ones.
 */
export function parseJsonSafely(text: string): ParseResult<unknown> {
  try {
    return { success: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { success: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
