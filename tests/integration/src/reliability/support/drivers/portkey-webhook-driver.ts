import { performance } from "node:perf_hooks";
import { createStandaloneWebhookHandler } from "@akto-guardrails/portkey-plugin";
import { CHAT_COMPLETION, CHAT_REQUEST } from "../fixtures";
import { postJson } from "../http-json";
import type { AdapterDriver } from "../matrix-types";
import { webhookPayload } from "../portkey-context";
import { startWebhookServer, WEBHOOK_PATH } from "../webhook-server";

const TOKEN = "matrix-webhook-token";

interface WebhookAnswer {
  readonly verdict?: boolean;
  readonly data?: { readonly outcome?: string; readonly failureClass?: string; readonly latencyMs?: number };
}

/** The standalone webhook (`default.webhook` target) over HTTP, posted the payload Portkey sends. */
export const portkeyWebhookDriver: AdapterDriver = {
  name: "portkey webhook",
  kind: "portkey-webhook",
  async run(input) {
    const handle = createStandaloneWebhookHandler({
      guardrails: { akto: { baseUrl: input.aktoUrl }, timeoutMs: input.timeoutMs, failMode: input.failMode, breaker: { enabled: false } },
      token: TOKEN,
    });
    const server = await startWebhookServer(handle);
    try {
      const payload = webhookPayload(input.stage, { request: CHAT_REQUEST, ...(input.stage === "output" ? { response: CHAT_COMPLETION } : {}) });
      const started = performance.now();
      const answer = await postJson(`${server.url}${WEBHOOK_PATH}`, payload, { authorization: `Bearer ${TOKEN}` });
      const elapsedMs = performance.now() - started;
      const body = (answer.json ?? {}) as WebhookAnswer;
      return {
        outcome: body.data?.outcome,
        status: answer.status,
        ...(typeof body.verdict === "boolean" ? { verdict: body.verdict } : {}),
        failureClass: body.data?.failureClass,
        elapsedMs,
        decisionLatencyMs: body.data?.latencyMs,
      };
    } finally {
      await server.close();
    }
  },
};
