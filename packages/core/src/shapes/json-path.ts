import { applyJsonEdits, readChild } from "./apply-json-edits";
import { GuardrailError } from "../errors/guardrail-error";
import type { JsonPath } from "./types";

/**
 * Returns the value at `path`, or `undefined` when the path does not exist
 * (JSON has no `undefined`, so the two cannot be confused for parsed JSON).
 * Numbers index arrays and strings name own properties of objects; inherited
 * members such as `constructor` or `__proto__` are never followed.
 */
export function getAtPath(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const key of path) {
    const child = readChild(current, key);
    if (!child.found) return undefined;
    current = child.value;
  }
  return current;
}

/**
 * Returns a new root with `newValue` at `path`. Only the containers along the
 * path are copied; everything else is shared with `value`, which is never mutated.
 * An empty path returns `newValue`.
 *
 * @throws {GuardrailError} code `ERR_JSON_PATH_NOT_FOUND` when the path does not lead to an
 * existing value (the last key must exist too: this replaces, it never adds).
 */
export function setAtPath(value: unknown, path: JsonPath, newValue: unknown): unknown {
  const result = applyJsonEdits(value, [{ path, value: newValue }]);
  if (!result.success) {
    throw new GuardrailError({
      code: "ERR_JSON_PATH_NOT_FOUND",
      message: `cannot set ${formatJsonPath(path) || "the root"}: ${formatJsonPath(result.path) || "the root"} does not exist`,
    });
  }
  return result.value;
}

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a path the way JavaScript would access it: `messages[0].content[1].text`.
 * Keys that are not identifiers are quoted (`metadata["x-id"]`); the empty path is `""`.
 */
export function formatJsonPath(path: JsonPath): string {
  let result = "";
  for (const key of path) {
    if (typeof key === "number") result += `[${key}]`;
    else if (identifierPattern.test(key)) result += result === "" ? key : `.${key}`;
    else result += `[${JSON.stringify(key)}]`;
  }
  return result;
}
