import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createGuardrails, createLogger } from "@akto-guardrails/sdk";
import { CHAT_COMPLETION, CHAT_PATH, CHAT_REQUEST } from "../fixtures";
import type { AdapterDriver } from "../matrix-types";
import { waitForPostedEvent } from "../posted-events";
import { matrixGuardrailsOptions } from "./matrix-options";

/** The sdk engine itself: `checkRequest` / `checkResponse` through undici, the reporter posting to the collector. */
export const sdkDriver: AdapterDriver = {
  name: "sdk",
  kind: "http",
  async run(input) {
    const { environment } = input;
    const guardrails = createGuardrails({ ...matrixGuardrailsOptions(input, environment.newSpoolDir()), logger: createLogger({ level: "silent" }) });
    const requestId = randomUUID();
    try {
      const context = { path: CHAT_PATH, method: "POST", requestId };
      const started = performance.now();
      const result =
        input.stage === "input"
          ? await guardrails.checkRequest(CHAT_REQUEST, context)
          : await guardrails.checkResponse(CHAT_COMPLETION, { ...context, request: CHAT_REQUEST });
      const elapsedMs = performance.now() - started;
      const posted = await waitForPostedEvent(environment.collector, (event) => event.requestId === requestId);
      if (posted.event.id !== result.event.id) throw new Error("the posted event is not the event of this decision");
      return {
        outcome: result.decision.outcome,
        status: result.decision.status,
        failureClass: posted.event.failureClass,
        elapsedMs,
        decisionLatencyMs: result.latencyMs,
      };
    } finally {
      await guardrails.close();
    }
  },
};
