const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** The default request body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Turns a body limit (`1048576`, `"1mb"`, `"500kb"`, `"2.5MB"`) into bytes, like express.json's `limit`.
 * Returns `undefined` for anything else.
 */
export function parseByteLimit(limit: number | string): number | undefined {
  if (typeof limit === "number") return Number.isSafeInteger(limit) && limit > 0 ? limit : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * (UNITS[(match[2] ?? "b").toLowerCase()] ?? 1));
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}
