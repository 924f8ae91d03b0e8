import type { PortkeyWebhookHandler } from "@akto-guardrails/portkey-plugin";
import { startHttpServer, type RunningServer } from "./start-http-server";

export const WEBHOOK_PATH = "/portkey/webhook";

/** Mounts a Portkey webhook handler at `POST /portkey/webhook` on a node:http server, as a deployment would. */
export function startWebhookServer(handle: PortkeyWebhookHandler): Promise<RunningServer> {
  return startHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== WEBHOOK_PATH) {
        response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found"}}');
        return;
      }
      void handle({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") }).then((answer) => {
        response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
      });
    });
  });
}
