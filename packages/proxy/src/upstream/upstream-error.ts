/** How a failed upstream call is answered: 504 for timeouts, 502 for everything else. */
export interface UpstreamFailure {
  readonly status: 502 | 504;
  readonly message: string;
  /** Stable label for logs and metrics. */
  readonly kind: "timeout" | "connection" | "protocol";
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);
const CONNECTION_CODES: ReadonlySet<string> = new Set([
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

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  // Node wraps several connect failures in an AggregateError (happy eyeballs).
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) for (const inner of errors) if (codeOf(inner)) return codeOf(inner);
  return codeOf((error as { cause?: unknown }).cause);
}

/** Classifies an error from the upstream call. Messages name the class only, never URLs with secrets. */
export function classifyUpstreamError(error: unknown): UpstreamFailure {
  const code = codeOf(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return { status: 504, kind: "timeout", message: "The upstream LLM provider did not answer in time" };
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return { status: 502, kind: "connection", message: "The upstream LLM provider could not be reached" };
  }
  return { status: 502, kind: "protocol", message: "The upstream LLM provider sent an invalid response" };
}

/** Whether an error only says that our own abort (client gone, stream cut) stopped the call. */
export function isAbortError(error: unknown): boolean {
  const code = codeOf(error);
  return code === "UND_ERR_ABORTED" || code === "ABORT_ERR" || (error instanceof Error && error.name === "AbortError");
}
