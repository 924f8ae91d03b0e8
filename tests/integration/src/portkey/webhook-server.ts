import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { PortkeyWebhookHandler } from "@akto-guardrails/portkey-plugin";

export interface WebhookServer {
  /** `http://127.0.0.1:<port>/portkey/webhook` */
  readonly url: string;
  close(): Promise<void>;
}

/** A minimal node:http server that mounts a webhook handler at POST /portkey/webhook (the standalone path, without the proxy). */
export async function startWebhookServer(handle: PortkeyWebhookHandler): Promise<WebhookServer> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/portkey/webhook") {
        response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found"}}');
        return;
      }
      void handle({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") }).then((answer) => {
        response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/portkey/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
