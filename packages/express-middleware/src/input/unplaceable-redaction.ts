import type { Decision } from "@akto-guardrails/core";

/**
 * A sanitize decision whose redaction cannot be written back into a custom body becomes a block,
 * the rule core applies to API bodies: the unsanitized original is never forwarded, not even in
 * monitor mode.
 */
export function unplaceableRedaction(decision: Decision, reason: string): Decision {
  return {
    ...decision,
    action: "block",
    outcome: "block",
    status: 403,
    flagged: true,
    reason: `Akto requested a redaction that could not be applied safely (${reason})`,
  };
}
