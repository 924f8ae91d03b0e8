import { performance } from "node:perf_hooks";
import { createAktoPluginHandler, type PluginHandler } from "@akto-guardrails/portkey-plugin";
import { CHAT_COMPLETION, CHAT_REQUEST } from "../fixtures";
import type { AdapterDriver } from "../matrix-types";
import { eventTypeOf, portkeyContext } from "../portkey-context";

interface CheckData {
  readonly outcome?: string;
  readonly failureClass?: string;
  readonly latencyMs?: number;
}

function errorCodeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * The in-gateway plugin handler called as Portkey calls it: `(context, parameters, eventType)`, the before-hook for
 * input and the after-hook (with the provider's JSON answer) for output. The breaker is off so every call reaches Akto.
 */
export const portkeyPluginDriver: AdapterDriver = {
  name: "portkey plugin",
  kind: "portkey-plugin",
  async run(input) {
    const handler: PluginHandler = createAktoPluginHandler({ breaker: false });
    const context = portkeyContext({ request: CHAT_REQUEST, ...(input.stage === "output" ? { response: CHAT_COMPLETION } : {}) });
    const parameters = { credentials: { baseUrl: input.aktoUrl }, failMode: input.failMode, timeout: input.timeoutMs, failOnError: true };
    const started = performance.now();
    const result = await handler(context, parameters, eventTypeOf(input.stage));
    const elapsedMs = performance.now() - started;
    const data = (result.data ?? {}) as CheckData;
    const errorCode = errorCodeOf(result.error);
    return {
      outcome: data.outcome,
      verdict: result.verdict,
      ...(errorCode ? { errorCode } : {}),
      failureClass: data.failureClass,
      elapsedMs,
      decisionLatencyMs: data.latencyMs,
    };
  },
};
