import { GuardrailError } from "@akto-guardrails/core";

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_DESTROYED",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps whatever undici throws to a `GuardrailError` with a stable code. The message names the
 * failure and the Akto origin only: never headers, never the API key.
 */
export function mapTransportError(error: unknown, origin: string): GuardrailError {
  if (GuardrailError.isInstance(error)) return error;
  const code = errorCode(error);
  if (code && TIMEOUT_CODES.has(code)) {
    return GuardrailError.fromFailureClass("timeout", `Akto at ${origin} timed out (${code})`, { cause: error, isRetryable: true });
  }
  const connectionCode = code && CONNECTION_CODES.has(code) ? code : "unknown network error";
  return GuardrailError.fromFailureClass("connection", `Could not reach Akto at ${origin} (${connectionCode})`, {
    cause: error,
    isRetryable: true,
  });
}

/** Failures that are safe to retry once: the request never reached the scanner or its answer was cut. */
export function isRetryableConnectionFailure(error: GuardrailError): boolean {
  return error.code === "ERR_AKTO_CONNECTION";
}
