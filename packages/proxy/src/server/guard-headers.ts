import { decisionHeaders, type GuardResult, type Outcome } from "@akto-guardrails/core";

// Which outcome the single `x-akto-guardrails-action` header reports when several stages ran.
const RANK: Readonly<Record<Outcome, number>> = { allow: 0, "fail-open": 1, monitor: 2, sanitize: 3, block: 4, "fail-closed": 5 };

/** The most significant result of the stages that ran (a block or fail-closed over a sanitize over an allow). */
export function dominantResult(results: ReadonlyArray<GuardResult>): GuardResult | undefined {
  let dominant: GuardResult | undefined;
  for (const result of results) {
    if (!dominant || RANK[result.decision.outcome] > RANK[dominant.decision.outcome]) dominant = result;
  }
  return dominant;
}

/** `x-akto-guardrails-action` (the dominant outcome) and `x-akto-guardrails-latency-ms` (all stages together). */
export function guardHeaders(results: ReadonlyArray<GuardResult>): Record<string, string> {
  const dominant = dominantResult(results);
  if (!dominant) return {};
  const latency = results.reduce((total, result) => total + result.latencyMs, 0);
  return decisionHeaders(dominant.decision, latency);
}
