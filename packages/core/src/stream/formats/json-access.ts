import { isPlainObject, safeParseJson } from "../../util/json";
import type { JsonValue } from "../../util/json";
import type { JsonObject } from "./stream-format-handler";

/** The value as a JSON object, or `undefined`. */
export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return isPlainObject(value) ? (value as JsonObject) : undefined;
}

/** The value as a JSON array, or `undefined`. */
export function asArray(value: JsonValue | undefined): JsonValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** The value as an array index (a non-negative safe integer), or `undefined`. */
export function asIndex(value: JsonValue | undefined): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Reads an own property; never walks into the prototype (`__proto__`, `constructor`). */
export function ownValue(object: JsonObject, name: string): JsonValue | undefined {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

/** The event data parsed as a JSON object, or `undefined` when it is not JSON or not an object. */
export function parseObject(data: string): JsonObject | undefined {
  const parsed = safeParseJson(data);
  return parsed.success ? asObject(parsed.value) : undefined;
}
