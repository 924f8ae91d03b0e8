/** What kind of network failure an error from undici or node:net is. */
export type NetworkErrorKind = "timeout" | "connection";

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

/** The error's `code`, looked for in its causes and, for happy-eyeballs connects, inside an AggregateError. */
export function networkErrorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const innerCode = networkErrorCode(inner, depth + 1);
      if (innerCode) return innerCode;
    }
  }
  return networkErrorCode((error as { cause?: unknown }).cause, depth + 1);
}

/** `timeout`, `connection`, or undefined when the error is not a known network failure. */
export function networkErrorKind(error: unknown): NetworkErrorKind | undefined {
  const code = networkErrorCode(error);
  if (code === undefined) return undefined;
  if (TIMEOUT_CODES.has(code)) return "timeout";
  if (CONNECTION_CODES.has(code)) return "connection";
  return undefined;
}
