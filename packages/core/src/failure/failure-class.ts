/**
 * Why a call to Akto did not produce a usable verdict. Every adapter reports
 * failures with these names, and the failure policy is keyed by them.
 *
 * - `timeout`: no complete answer within the deadline.
 * - `connection`: refused, reset, DNS or TLS failure.
 * - `auth`: HTTP 401 or 403 (bad or expired API key).
 * - `rate_limited`: HTTP 429.
 * - `server`: HTTP 5xx, or Akto answered that it did not scan (backpressure, its own fail-open object).
 * - `client`: any other HTTP 4xx (a request Akto refused).
 * - `malformed_response`: a 2xx answer that is not a verdict (not JSON, truncated, wrong field types).
 * - `circuit_open`: Akto was not called because the circuit breaker is open.
 */
export type FailureClass =
  | "timeout"
  | "connection"
  | "auth"
  | "rate_limited"
  | "server"
  | "client"
  | "malformed_response"
  | "circuit_open";

export const FAILURE_CLASSES: ReadonlyArray<FailureClass> = [
  "timeout",
  "connection",
  "auth",
  "rate_limited",
  "server",
  "client",
  "malformed_response",
  "circuit_open",
];

/** A failure to get a verdict, as a value. Messages never contain prompt text or credentials. */
export interface Failure {
  readonly class: FailureClass;
  readonly message: string;
  /** The HTTP status Akto answered with, when there was one. */
  readonly status?: number;
}

/** Maps a non-2xx HTTP status from Akto to its failure class. */
export function classifyHttpStatus(status: number): FailureClass {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  if (status >= 400) return "client";
  // 1xx/3xx are never a verdict: redirects are not followed on purpose.
  return "malformed_response";
}
