import { GuardrailError } from "@akto-guardrails/core";
import { networkErrorCode, networkErrorKind } from "../net/network-error";

/**
 * Maps whatever undici throws to a `GuardrailError` with a stable code. The message names the
 * failure and the Akto origin only: never headers, never the API key.
 */
export function mapTransportError(error: unknown, origin: string): GuardrailError {
  if (GuardrailError.isInstance(error)) return error;
  const code = networkErrorCode(error);
  if (networkErrorKind(error) === "timeout") {
    return GuardrailError.fromFailureClass("timeout", `Akto at ${origin} timed out (${code})`, { cause: error, isRetryable: true });
  }
  const described = networkErrorKind(error) === "connection" ? code : "unknown network error";
  return GuardrailError.fromFailureClass("connection", `Could not reach Akto at ${origin} (${described})`, { cause: error, isRetryable: true });
}

/** Failures that are safe to retry once: the request never reached the scanner or its answer was cut. */
export function isRetryableConnectionFailure(error: GuardrailError): boolean {
  return error.code === "ERR_AKTO_CONNECTION";
}
