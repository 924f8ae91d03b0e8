import type { FailureClass } from "../failure/failure-class";

const marker = "akto-guardrails.error";
const symbol = Symbol.for(marker);

/**
 * Stable error codes. They are part of the public contract: log them, match on
 * them, never on messages.
 */
export type GuardrailErrorCode =
  | "ERR_AKTO_TIMEOUT"
  | "ERR_AKTO_CONNECTION"
  | "ERR_AKTO_AUTH"
  | "ERR_AKTO_RATE_LIMITED"
  | "ERR_AKTO_SERVER"
  | "ERR_AKTO_CLIENT"
  | "ERR_AKTO_MALFORMED_RESPONSE"
  | "ERR_CIRCUIT_OPEN"
  | "ERR_INVALID_OPTIONS"
  | "ERR_INVALID_BODY"
  /** A JSON path does not lead to an existing value (a programming error, never untrusted input). */
  | "ERR_JSON_PATH_NOT_FOUND"
  /** The API shape has no such form (embeddings have no text response and never stream). */
  | "ERR_SHAPE_NOT_SUPPORTED";

const CODE_BY_FAILURE_CLASS: Readonly<Record<FailureClass, GuardrailErrorCode>> = {
  timeout: "ERR_AKTO_TIMEOUT",
  connection: "ERR_AKTO_CONNECTION",
  auth: "ERR_AKTO_AUTH",
  rate_limited: "ERR_AKTO_RATE_LIMITED",
  server: "ERR_AKTO_SERVER",
  client: "ERR_AKTO_CLIENT",
  malformed_response: "ERR_AKTO_MALFORMED_RESPONSE",
  circuit_open: "ERR_CIRCUIT_OPEN",
};

const FAILURE_CLASS_BY_CODE: Readonly<Partial<Record<GuardrailErrorCode, FailureClass>>> = Object.fromEntries(
  Object.entries(CODE_BY_FAILURE_CLASS).map(([failureClass, code]) => [code, failureClass]),
);

export function errorCodeForFailureClass(failureClass: FailureClass): GuardrailErrorCode {
  return CODE_BY_FAILURE_CLASS[failureClass];
}

export interface GuardrailErrorOptions {
  code: GuardrailErrorCode;
  message: string;
  cause?: unknown;
  /** HTTP status Akto answered with, when the error comes from an answer. */
  status?: number;
  /** Whether repeating the same call may succeed (timeouts, resets, 429, 5xx). */
  isRetryable?: boolean;
}

/**
 * The one error type of @akto-guardrails. Use `GuardrailError.isInstance(error)`,
 * not `instanceof`: the dual ESM+CJS build can load two copies of this class.
 */
export class GuardrailError extends Error {
  protected readonly [symbol] = true; // the marker isInstance looks for
  readonly code: GuardrailErrorCode;
  readonly status?: number;
  readonly isRetryable: boolean;
  override readonly cause?: unknown;

  constructor({ code, message, cause, status, isRetryable = false }: GuardrailErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "GuardrailError";
    this.code = code;
    this.cause = cause;
    this.isRetryable = isRetryable;
    if (status !== undefined) this.status = status;
  }

  /** The failure class this error stands for, when it is a failure to reach a verdict. */
  get failureClass(): FailureClass | undefined {
    return FAILURE_CLASS_BY_CODE[this.code];
  }

  static isInstance(error: unknown): error is GuardrailError {
    return (
      typeof error === "object" &&
      error !== null &&
      symbol in error &&
      (error as Record<symbol, unknown>)[symbol] === true
    );
  }

  static fromFailureClass(failureClass: FailureClass, message: string, extra?: Omit<GuardrailErrorOptions, "code" | "message">) {
    return new GuardrailError({ code: errorCodeForFailureClass(failureClass), message, ...extra });
  }
}
