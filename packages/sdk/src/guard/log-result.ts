import type { GuardResult } from "@akto-guardrails/core";
import type { Logger } from "pino";

/** One structured line per decision: the decision and its event, never prompt text unless asked for. */
export function logResult(logger: Logger, result: GuardResult, logPayloads: boolean): void {
  const { decision, event } = result;
  // While the circuit is open every request fails the same way; the breaker's own transitions are
  // logged at warn (see createGuardrails), so these stay at debug instead of flooding the log.
  const level = decision.failure?.class === "circuit_open" ? "debug" : decision.failure ? "warn" : result.reportable ? "info" : "debug";
  // The line is only built when it will be written: a plain allow at the default level costs nothing.
  if (!logger.isLevelEnabled(level)) return;
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
  logger[level](line, level === "debug" && !decision.failure ? "akto guardrails allow" : `akto guardrails ${decision.outcome}: ${decision.reason}`);
}
