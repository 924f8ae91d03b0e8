import type { Decision } from "@akto-guardrails/core";

const marker = "akto-guardrails.express.abort";
const symbol = Symbol.for(marker);

/** Why `req.aktoGuardrails.signal` was aborted. */
export type AbortCode = "ERR_REQUEST_BLOCKED" | "ERR_RESPONSE_BLOCKED" | "ERR_CLIENT_CLOSED";

/** The `reason` of `req.aktoGuardrails.signal` when the middleware aborts it. */
export class AktoGuardrailsAbortError extends Error {
  protected readonly [symbol] = true; // the marker isInstance looks for
  readonly code: AbortCode;
  readonly decision?: Decision;

  constructor(code: AbortCode, message: string, decision?: Decision) {
    super(message);
    this.name = "AktoGuardrailsAbortError";
    this.code = code;
    if (decision) this.decision = decision;
  }

  /** Works across the ESM and CJS copies of this package, unlike `instanceof`. */
  static isInstance(error: unknown): error is AktoGuardrailsAbortError {
    return typeof error === "object" && error !== null && symbol in error && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
