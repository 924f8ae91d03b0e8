import { createLogger } from "@akto-guardrails/sdk";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { aktoGuardrails } from "@akto-guardrails/express-middleware";
import { express } from "../express-app";
import { CHAT_COMPLETION, CHAT_PATH, CHAT_REQUEST } from "../fixtures";
import { headerLatency, postJson } from "../http-json";
import type { AdapterDriver } from "../matrix-types";
import { waitForPostedEvent } from "../posted-events";
import { startHttpServer } from "../start-http-server";
import { matrixGuardrailsOptions } from "./matrix-options";

/** A real Express 5 app: `app.use(aktoGuardrails(...))` before a chat-completions handler that answers JSON. */
export const expressDriver: AdapterDriver = {
  name: "express",
  kind: "http",
  async run(input) {
    const { environment } = input;
    const guard = aktoGuardrails({ ...matrixGuardrailsOptions(input, environment.newSpoolDir()), logger: createLogger({ level: "silent" }) });
    const handled = new Set<string>();
    const app = express();
    app.use(express.json());
    app.use(guard);
    app.post(CHAT_PATH, (request, response) => {
      handled.add(String(request.headers["x-request-id"]));
      response.json(CHAT_COMPLETION);
    });
    const server = await startHttpServer(app);
    const requestId = randomUUID();
    try {
      const started = performance.now();
      const answer = await postJson(`${server.url}${CHAT_PATH}`, CHAT_REQUEST, { authorization: "Bearer sk-matrix-provider", "x-request-id": requestId });
      const elapsedMs = performance.now() - started;
      const posted = await waitForPostedEvent(environment.collector, (event) => event.requestId === requestId);
      return {
        outcome: answer.headers.get("x-akto-guardrails-action") ?? undefined,
        status: answer.status,
        failureClass: posted.event.failureClass,
        elapsedMs,
        decisionLatencyMs: headerLatency(answer.headers),
        forwarded: handled.has(requestId),
      };
    } finally {
      await server.close();
      await guard.close();
    }
  },
};
