import type { GuardResult } from "@akto-guardrails/core";
import type { Logger } from "pino";

/** One structured line per decision: the decision and its event, never prompt text unless asked for. */
export function logResult(logger: Logger, result: GuardResult, logPayloads: boolean): void {
  const { decision, event } = result;
  const line = {
    event: {
      id: event.id,
      stage: event.stage,
      action: event.action,
      rule: event.rule,
      policy: event.policy,
      failureClass: event.failureClass,
      latencyMs: event.latencyMs,
      route: event.route,
      requestId: event.requestId,
      cached: event.cached,
    },
    ...(logPayloads ? { texts: result.extraction.segments.map((segment) => segment.text) } : {}),
  };
  // While the circuit is open every request fails the same way; the breaker's own transitions are
  // logged at warn (see createGuardrails), so these stay at debug instead of flooding the log.
  if (decision.failure?.class === "circuit_open") logger.debug(line, `akto guardrails ${decision.outcome}: ${decision.reason}`);
  else if (decision.failure) logger.warn(line, `akto guardrails ${decision.outcome}: ${decision.reason}`);
  else if (result.reportable) logger.info(line, `akto guardrails ${decision.outcome}: ${decision.reason}`);
  else logger.debug(line, "akto guardrails allow");
}
