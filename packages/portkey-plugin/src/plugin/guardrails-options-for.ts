import type { ResolvedGuardrailsOptions, Stage } from "@akto-guardrails/core";
import type { PluginSettings } from "./plugin-parameters";

/** Core's circuit-breaker defaults (5 consecutive failures, 30 s open). */
export const PLUGIN_BREAKER = { enabled: true, failureThreshold: 5, cooldownMs: 30_000 } as const;

/**
 * The core options for one hook call. Built directly rather than through core's zod schema, which would put
 * zod into the gateway bundle. Events go nowhere (`destination: "none"`), so `skipThreat` is false and Akto
 * records its own threat events: the plugin makes no network call besides the validation. No verdict cache.
 */
export function guardrailsOptionsFor(settings: PluginSettings, stage: Stage): ResolvedGuardrailsOptions {
  const audit = stage === "output" && settings.scanOutput === "audit";
  return {
    akto: {
      baseUrl: settings.baseUrl,
      ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
      authScheme: settings.authScheme,
      ...(settings.contextSource ? { contextSource: settings.contextSource } : {}),
      endpoint: "validate",
      skipThreat: false,
    },
    timeoutMs: settings.timeoutMs,
    // Audit reports what enforce would have done ("Would have blocked: ...") and never enforces it.
    mode: audit ? "monitor" : settings.mode,
    input: { enabled: true, failPolicy: settings.failPolicy },
    output: {
      mode: settings.scanOutput === "off" ? "off" : audit ? "audit" : "buffer",
      failPolicy: settings.failPolicy,
      windowChars: 500,
      overlapChars: 128,
      flushMs: 250,
    },
    breaker: PLUGIN_BREAKER,
    cache: { enabled: false, ttlMs: 60_000, maxEntries: 10_000, maxBytes: 16 * 1024 * 1024 },
    events: {
      destination: "none",
      url: `${settings.baseUrl}/api/threat_detection/record_malicious_event`,
      includePayloads: false,
      batchSize: 50,
      flushIntervalMs: 1_000,
      maxQueue: 10_000,
    },
    logPayloads: false,
  };
}
