import { isPlainObject } from "../../util/json";
import type { JsonValue } from "../../util/json";
import type { JsonObject, PayloadPath, TextEdit } from "./stream-format-handler";

function setAt(container: JsonValue, path: PayloadPath, depth: number, value: string): JsonValue {
  if (depth === path.length) return value;
  const segment = path[depth];
  if (Array.isArray(container) && typeof segment === "number" && segment < container.length) {
    const copy = container.slice();
    copy[segment] = setAt(container[segment] ?? null, path, depth + 1, value);
    return copy;
  }
  if (isPlainObject(container) && typeof segment === "string" && Object.hasOwn(container, segment)) {
    const object = container as JsonObject;
    // Spread and computed keys define own properties, so a `__proto__` key stays data.
    return { ...object, [segment]: setAt(object[segment] ?? null, path, depth + 1, value) };
  }
  // The path does not exist (it always does for paths from `describe`): leave the value unchanged.
  return container;
}

/** A copy of `payload` with each edit's text written at its path; unchanged branches are shared. */
export function withTextEdits(payload: JsonObject, edits: ReadonlyArray<TextEdit>): JsonObject {
  let result: JsonValue = payload;
  for (const edit of edits) result = setAt(result, edit.path, 0, edit.text);
  return result as JsonObject;
}
