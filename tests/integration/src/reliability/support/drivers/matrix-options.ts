import type { GuardrailsOptions } from "@akto-guardrails/core";
import type { DriverInput } from "../matrix-types";

/** The collector's threat-event route. */
export const eventsUrlOf = (collectorUrl: string) => `${collectorUrl}/api/threat_detection/record_malicious_event`;

/**
 * Core options of one matrix case, identical for the sdk, the proxy and Express: only the stage under test is on
 * (input, or output in buffer mode), every call reaches Akto (no breaker, no cache), events go to the collector at once.
 */
export function matrixGuardrailsOptions(input: DriverInput, spoolDir: string): GuardrailsOptions {
  return {
    akto: { baseUrl: input.aktoUrl },
    timeoutMs: input.timeoutMs,
    failMode: input.failMode,
    input: input.stage === "input",
    output: input.stage === "output" ? "buffer" : "off",
    breaker: { enabled: false },
    cache: { enabled: false },
    events: { url: eventsUrlOf(input.environment.collector.url), spoolDir, batchSize: 1, flushIntervalMs: 10 },
  };
}
