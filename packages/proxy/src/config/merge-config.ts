import { isPlainObject } from "./section-reader";

// Keys that would reach an object's prototype if merged; configuration never needs them.
const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Merges configuration layers, later layers winning. Objects merge key by key; anything else
 * (strings, numbers, arrays) is replaced whole. `undefined` never overrides.
 */
export function mergeConfig(...layers: ReadonlyArray<Record<string, unknown> | undefined>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const layer of layers) if (layer) mergeInto(result, layer);
  return result;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || UNSAFE_KEYS.has(key)) continue;
    const existing = target[key];
    if (isPlainObject(value)) {
      const merged: Record<string, unknown> = isPlainObject(existing) ? { ...existing } : {};
      mergeInto(merged, value);
      target[key] = merged;
    } else {
      target[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
    }
  }
}
