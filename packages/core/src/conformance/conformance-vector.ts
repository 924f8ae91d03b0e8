import type { FailureClass } from "../failure/failure-class";
import type { GuardrailsOptions } from "../options/guardrails-options";
import type { Stage } from "../shapes/types";
import type { Action, Outcome } from "../verdict/decision";

/** How the Akto stub answers in a conformance vector. */
export type ConformanceAktoAnswer =
  | { readonly status: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status: number; readonly raw: string }
  | { readonly fault: "timeout" | "connection" };

/**
 * One row of the decision table (`@akto-guardrails/core/conformance/vectors.json`):
 * an Akto answer plus options, and the decision every adapter must reach.
 */
export interface ConformanceVector {
  readonly id: string;
  readonly description: string;
  readonly stage: Stage;
  /** Merged over `{ akto: { baseUrl } }`. */
  readonly options: Partial<GuardrailsOptions>;
  readonly akto: ConformanceAktoAnswer;
  readonly expect: {
    readonly action: Action;
    readonly outcome: Outcome;
    readonly status: 200 | 403 | 503;
    readonly flagged: boolean;
    readonly failureClass?: FailureClass;
    readonly rule?: string;
    readonly policy?: string;
    readonly wouldBlock?: boolean;
    /** For sanitize vectors: the body that must be forwarded. */
    readonly forwardedBody?: unknown;
  };
}

export interface ConformanceDocument {
  /** The request every input vector scans (a chat completion with PII in the system and user messages). */
  readonly request: unknown;
  /** The response every output vector scans. */
  readonly response: unknown;
  readonly vectors: ReadonlyArray<ConformanceVector>;
}

/** The HTTP body text a stub Akto should answer with for a vector. */
export function conformanceAnswerText(answer: ConformanceAktoAnswer): string | undefined {
  if ("fault" in answer) return undefined;
  if ("raw" in answer) return answer.raw;
  return typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
}
