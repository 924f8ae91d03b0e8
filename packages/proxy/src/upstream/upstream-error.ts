import { networkErrorCode, networkErrorKind } from "@akto-guardrails/sdk";

/** How a failed upstream call is answered: 504 for timeouts, 502 for everything else. */
export interface UpstreamFailure {
  readonly status: 502 | 504;
  readonly message: string;
  /** Stable label for logs and metrics. */
  readonly kind: "timeout" | "connection" | "protocol";
}

/** Classifies an error from the upstream call. Messages name the class only, never URLs with secrets. */
export function classifyUpstreamError(error: unknown): UpstreamFailure {
  const kind = networkErrorKind(error);
  if (kind === "timeout") {
    return { status: 504, kind: "timeout", message: "The upstream LLM provider did not answer in time" };
  }
  if (kind === "connection") {
    return { status: 502, kind: "connection", message: "The upstream LLM provider could not be reached" };
  }
  return { status: 502, kind: "protocol", message: "The upstream LLM provider sent an invalid response" };
}

/** Whether an error only says that our own abort (client gone, stream cut) stopped the call. */
export function isAbortError(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code === "UND_ERR_ABORTED" || code === "ABORT_ERR" || (error instanceof Error && error.name === "AbortError");
}
