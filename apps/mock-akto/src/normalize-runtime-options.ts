import { MockAktoError } from "./mock-akto-error";
import type { MockAktoRuntimeOptions } from "./types";
import { isPlainObject } from "./util/parse-json-safely";

function invalid(message: string): never {
  throw new MockAktoError({ code: "INVALID_OPTIONS", message });
}

type Checker = (value: unknown) => unknown;

const checkers: Record<keyof MockAktoRuntimeOptions, Checker> = {
  responseCasing: (value) =>
    value === "standard" || value === "lowercase" || value === "failopen-dual"
      ? value
      : invalid("responseCasing must be standard, lowercase or failopen-dual"),
  echoModifiedPayload: (value) => (typeof value === "boolean" ? value : invalid("echoModifiedPayload must be a boolean")),
  redactionPlaceholder: (value) =>
    typeof value === "string" ? value : invalid("redactionPlaceholder must be a string"),
  metadata: (value) => (value === "filled" || value === "empty" ? value : invalid("metadata must be filled or empty")),
  alertAllowed: (value) => (typeof value === "boolean" ? value : invalid("alertAllowed must be a boolean")),
  token: (value) =>
    value === null || (typeof value === "string" && value !== "")
      ? value
      : invalid("token must be a non-empty string or null"),
  seed: (value) =>
    typeof value === "number" && Number.isInteger(value) ? value : invalid("seed must be an integer"),
};

/**
 * Validates a partial options object (from code or the admin API); unknown keys are an error so
 * typos do not pass silently. Throws `MockAktoError` `INVALID_OPTIONS`.
 */
export function normalizeRuntimeOptions(value: unknown): Partial<MockAktoRuntimeOptions> {
  if (!isPlainObject(value)) return invalid("options must be an object");
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (value[key] === undefined) continue;
    if (!Object.hasOwn(checkers, key)) return invalid(`unknown option ${JSON.stringify(key)}`);
    options[key] = checkers[key as keyof MockAktoRuntimeOptions](value[key]);
  }
  return options as Partial<MockAktoRuntimeOptions>;
}

export const defaultRuntimeOptions: Readonly<MockAktoRuntimeOptions> = Object.freeze({
  responseCasing: "standard",
  echoModifiedPayload: false,
  redactionPlaceholder: "[REDACTED]",
  metadata: "filled",
  alertAllowed: false,
  token: null,
  seed: 1,
});
