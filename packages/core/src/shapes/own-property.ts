/**
 * Reads an own property only. Plain `object[key]` would also return inherited
 * members (`constructor`, `__proto__`, or anything a polluted prototype carries),
 * which must never be mistaken for a field of an untrusted body.
 */
export function getOwnProperty(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
