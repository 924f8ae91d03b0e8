import type { AktoVerdict } from "../akto/akto-verdict";
import type { Stage } from "../shapes/types";
import type { Decision } from "./decision";

export interface EvaluateVerdictOptions {
  readonly stage: Stage;
  readonly mode: "enforce" | "monitor";
}

// Behaviours under which `Allowed:false` still lets traffic through (Akto records the alert itself).
const NON_BLOCKING_BEHAVIOURS: ReadonlySet<string> = new Set(["alert"]);

function describe(verdict: AktoVerdict, fallback: string): string {
  return verdict.reason.trim() || fallback;
}

function details(verdict: AktoVerdict) {
  return {
    ...(verdict.policy ? { policy: verdict.policy } : {}),
    ...(verdict.rule ? { rule: verdict.rule } : {}),
    ...(verdict.behaviour ? { behaviour: verdict.behaviour } : {}),
  };
}

/**
 * Maps Akto's verdict to a decision.
 *
 * - `Allowed:false` blocks when `behaviour` is `block`, empty, `warn`, `approval` or anything unknown;
 *   `alert` allows and flags.
 * - `Modified:true` (and not blocked) sanitizes. An echoed `ModifiedPayload` with `Modified:false` is ignored.
 * - `mode: "monitor"` turns a block into an allow flagged "would have blocked".
 *
 * The sanitization itself (applying `ModifiedPayload`) happens later, in the pipeline.
 */
export function evaluateVerdict(verdict: AktoVerdict, options: EvaluateVerdictOptions): Decision {
  const { stage } = options;
  const denied = !verdict.allowed && !NON_BLOCKING_BEHAVIOURS.has(verdict.behaviour);

  if (denied) {
    const reason = describe(verdict, "Blocked by Akto guardrails");
    if (options.mode === "monitor") {
      return {
        action: "allow",
        outcome: "monitor",
        stage,
        status: 200,
        flagged: true,
        wouldBlock: true,
        reason: `Would have blocked: ${reason}`,
        ...details(verdict),
      };
    }
    return { action: "block", outcome: "block", stage, status: 403, flagged: true, reason, ...details(verdict) };
  }

  if (verdict.modified) {
    return {
      action: "sanitize",
      outcome: "sanitize",
      stage,
      status: 200,
      flagged: true,
      reason: describe(verdict, "Sanitized by Akto guardrails"),
      ...details(verdict),
    };
  }

  const alerted = !verdict.allowed || NON_BLOCKING_BEHAVIOURS.has(verdict.behaviour);
  return {
    action: "allow",
    outcome: "allow",
    stage,
    status: 200,
    flagged: alerted,
    reason: alerted ? describe(verdict, "Flagged by Akto guardrails") : verdict.reason,
    ...details(verdict),
  };
}
