import { safeStringifyJson } from "@akto-guardrails/core";

/** The UTF-8 JSON of a value, or `undefined` when it cannot be serialized (see `safeStringifyJson`). */
export function serializeJson(value: unknown): Buffer | undefined {
  const text = safeStringifyJson(value);
  return text === undefined ? undefined : Buffer.from(text, "utf8");
}
