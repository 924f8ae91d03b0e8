import type { Decision, DetectedShape, GuardResult } from "@akto-guardrails/core";

/** What `aktoGuardrails()` leaves on `req.aktoGuardrails` for the route handler of a guarded request. */
export interface AktoGuardrailsRequestState {
  /** The input decision: allow, sanitize, fail-open or monitor (blocked requests never reach a handler). */
  readonly decision: Decision;
  /** The full input result (for a custom route, its body is the synthetic chat request that was scanned). */
  readonly result: GuardResult;
  /** The API shape of the route; `unknown` for custom routes. */
  readonly shape: DetectedShape;
  /** Whether the route was scanned through the `extract` option. */
  readonly custom: boolean;
  /**
   * Aborted when the middleware blocks the response or the client goes away; pass it to the upstream
   * LLM call (`openai.chat.completions.create(body, { signal })`) so a cut stream stops the upstream too.
   * Its `reason` is an `AktoGuardrailsAbortError`.
   */
  readonly signal: AbortSignal;
}

declare global {
  // Express's own extension point: a global namespace merged with @types/express-serve-static-core.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `aktoGuardrails()` on guarded requests. */
      aktoGuardrails?: AktoGuardrailsRequestState;
    }
  }
}
