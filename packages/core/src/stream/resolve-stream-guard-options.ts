import { getStreamFormatHandler } from "./formats/get-stream-format-handler";
import type { StreamFormatHandler } from "./formats/stream-format-handler";
import type { StreamGuardOptions } from "./stream-guard-types";
import { GuardrailError } from "../errors/guardrail-error";
import { describeFormat } from "./describe-format";

export interface ResolvedStreamGuardOptions {
  readonly handler: StreamFormatHandler;
  readonly windowChars: number;
  readonly overlapChars: number;
  readonly flushMs: number;
}

function invalid(message: string): GuardrailError {
  return new GuardrailError({ code: "ERR_INVALID_OPTIONS", message });
}

type CountName = "windowChars" | "overlapChars" | "flushMs";

function readCount(options: StreamGuardOptions, name: CountName, fallback: number): number {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw invalid(`${name} must be a number >= 0 or Infinity, got ${String(value)}`);
  }
  if (name !== "flushMs" && value !== Infinity && !Number.isInteger(value)) {
    throw invalid(`${name} must be an integer or Infinity, got ${value}`);
  }
  return value;
}

/** Validates the options and fills in the defaults (buffer mode when `windowChars` is `Infinity`). */
export function resolveStreamGuardOptions(options: StreamGuardOptions): ResolvedStreamGuardOptions {
  if (typeof options !== "object" || options === null) throw invalid("options must be an object");
  const handler = getStreamFormatHandler(options.format);
  if (handler === undefined) throw invalid(`unknown stream format ${describeFormat(options.format)}`);
  const windowChars = readCount(options, "windowChars", 500);
  const bufferMode = windowChars === Infinity;
  return {
    handler,
    windowChars,
    overlapChars: readCount(options, "overlapChars", bufferMode ? 0 : 128),
    flushMs: readCount(options, "flushMs", bufferMode ? Infinity : 250),
  };
}
