import type { ValidationRecord } from "../types";
import { parseJsonSafely } from "../util/parse-json-safely";

/**
 * Makes `parsedPayload` a memoised, enumerable getter: most records are never read, and parsing
 * every payload up front would double the memory the bounded recording holds.
 */
export function defineLazyParsedPayload(record: ValidationRecord): void {
  let parsed: { value: unknown } | null = null;
  Object.defineProperty(record, "parsedPayload", {
    enumerable: true,
    configurable: true,
    get() {
      if (parsed === null) {
        const result = record.payload === "" ? null : parseJsonSafely(record.payload);
        parsed = { value: result?.success === true ? result.value : undefined };
      }
      return parsed.value;
    },
  });
}
