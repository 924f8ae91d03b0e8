import type { Verdict } from "../types";

/** An allowing verdict (nothing matched, or an early exit such as "No request body provided"). */
export function createAllowVerdict(reason = "", modifiedPayload = ""): Verdict {
  return {
    allowed: true,
    modified: false,
    modifiedPayload,
    reason,
    policyName: "",
    ruleViolated: "",
    severity: "",
    behaviour: "",
    serviceSide: false,
    action: "allow",
  };
}

export const backpressureReason = "guardrail scan skipped (backpressure): guardrails_scan_backpressure";
