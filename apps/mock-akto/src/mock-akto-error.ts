const marker = "akto-guardrails.mock-akto.error";
const symbol = Symbol.for(marker);

/** Stable codes for every error the mock raises programmatically. */
export type MockAktoErrorCode =
  | "INVALID_POLICIES"
  | "INVALID_FAULT"
  | "INVALID_OPTIONS"
  | "WAIT_TIMEOUT"
  | "SERVER_CLOSED";

/** The one error class of the mock; use `MockAktoError.isInstance`, never `instanceof`. */
export class MockAktoError extends Error {
  protected readonly [symbol] = true; // used in isInstance
  readonly code: MockAktoErrorCode;
  override readonly cause?: unknown;

  constructor({ code, message, cause }: { code: MockAktoErrorCode; message: string; cause?: unknown }) {
    super(message, { cause });
    this.name = "MockAktoError";
    this.code = code;
    this.cause = cause;
  }

  static isInstance(error: unknown): error is MockAktoError {
    return (
      error != null &&
      typeof error === "object" &&
      symbol in error &&
      (error as Record<symbol, unknown>)[symbol] === true
    );
  }
}
