import type { HeaderInput } from "@akto-guardrails/core";
import { isRecord } from "./own-property";

/** The inbound headers worth sending to Akto, and the ids Akto correlates on. */
export interface HookHeaders {
  readonly headers: HeaderInput;
  readonly requestId?: string;
  readonly ip?: string;
}

// Portkey's own headers carry provider configuration and credentials in many spellings
// (x-portkey-config, x-portkey-aws-access-key-id, x-portkey-vertex-service-account-json, ...),
// so none of them is forwarded; core strips the usual credential headers from the rest.
const PORTKEY_HEADER = /^x-portkey-/i;

function firstValue(value: string | ReadonlyArray<string> | undefined): string | undefined {
  const text = typeof value === "string" ? value : value?.[0];
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

/** Picks the headers of a Portkey hook context that may leave for Akto. Never throws. */
export function readHookHeaders(raw: unknown): HookHeaders {
  if (!isRecord(raw)) return { headers: {} };
  const headers: Record<string, string | ReadonlyArray<string>> = {};
  let traceId: string | undefined;
  for (const [name, value] of Object.entries(raw)) {
    const lowerName = name.toLowerCase();
    let headerValue: string | ReadonlyArray<string> | undefined;
    if (typeof value === "string") headerValue = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === "string")) headerValue = value as string[];
    if (headerValue === undefined) continue;
    if (lowerName === "x-portkey-trace-id") traceId = firstValue(headerValue);
    if (PORTKEY_HEADER.test(lowerName) || lowerName === "__proto__") continue;
    headers[lowerName] = headerValue;
  }
  const requestId = traceId ?? firstValue(headers["x-request-id"]);
  const forwardedFor = firstValue(headers["x-forwarded-for"])?.split(",")[0]?.trim();
  const ip = forwardedFor || firstValue(headers["x-real-ip"]) || firstValue(headers["cf-connecting-ip"]);
  return { headers, ...(requestId ? { requestId } : {}), ...(ip ? { ip } : {}) };
}
