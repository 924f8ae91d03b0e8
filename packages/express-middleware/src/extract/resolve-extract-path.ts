import type { JsonPath } from "@akto-guardrails/core";
import { WILDCARD, type ExtractPathSegment } from "./parse-extract-path";

export interface PathMatch {
  readonly path: JsonPath;
  readonly value: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Every value an extract path leads to, with its concrete path. Only own properties are followed
 * (never `__proto__`, `constructor` or anything inherited); missing fields simply match nothing.
 */
export function resolveExtractPath(body: unknown, segments: ReadonlyArray<ExtractPathSegment>): PathMatch[] {
  let current: PathMatch[] = [{ path: [], value: body }];
  for (const segment of segments) {
    const next: PathMatch[] = [];
    for (const { path, value } of current) {
      if (segment === WILDCARD) {
        if (Array.isArray(value)) value.forEach((element, index) => next.push({ path: [...path, index], value: element }));
        else if (isObject(value)) for (const key of Object.keys(value)) next.push({ path: [...path, key], value: value[key] });
      } else if (typeof segment === "number") {
        if (Array.isArray(value) && segment < value.length) next.push({ path: [...path, segment], value: value[segment] });
      } else if (isObject(value) && Object.hasOwn(value, segment)) {
        next.push({ path: [...path, segment], value: value[segment] });
      }
    }
    current = next;
  }
  return current;
}
