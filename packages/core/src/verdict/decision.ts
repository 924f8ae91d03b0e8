import type { Failure } from "../failure/failure-class";
import type { Stage } from "../shapes/types";

/** What happens to the traffic. */
export type Action = "allow" | "sanitize" | "block";

/**
 * A finer label of the same decision, used for the `x-akto-guardrails-action`
 * header, metrics and events: a policy block and a fail-closed block are both
 * `action: "block"`, but operators need to tell them apart.
 */
export type Outcome = "allow" | "sanitize" | "block" | "fail-open" | "fail-closed" | "monitor";

/**
 * The decision core hands to every adapter. Adapters apply it; they never re-decide.
 */
export interface Decision {
  readonly action: Action;
  readonly outcome: Outcome;
  readonly stage: Stage;
  /**
   * The HTTP status an adapter answers with when it stops the traffic: 403 for a policy block,
   * 503 for fail-closed unavailability; 200 when the traffic goes on.
   */
  readonly status: 200 | 403 | 503;
  /** Something was noticed even though the traffic goes on (alert, monitor, fail-open, ignored edits). */
  readonly flagged: boolean;
  /** Human-readable reason. Akto's reason for a verdict, ours for a failure. Never contains prompt text. */
  readonly reason: string;
  /** Akto `Metadata.policy_name`, when Akto sent one. */
  readonly policy?: string;
  /** Akto `Metadata.rule_violated`, when Akto sent one. */
  readonly rule?: string;
  /** Akto `behaviour` in lower case (`block`, `warn`, `alert`, `approval`, `mask`), when Akto sent one. */
  readonly behaviour?: string;
  /** Why no verdict was obtained, when the decision comes from the failure policy. */
  readonly failure?: Failure;
  /** In monitor mode: the decision that enforce mode would have taken was a block. */
  readonly wouldBlock?: boolean;
}
