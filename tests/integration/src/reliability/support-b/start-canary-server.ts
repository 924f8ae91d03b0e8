import { createServer } from "node:http";
import { listenOnLoopback } from "@akto-guardrails/test-support";

/** A server nothing should ever reach: a request to it proves the proxy was steered. */
export interface CanaryServer {
  readonly url: string;
  /** host:port */
  readonly host: string;
  /** Connections it accepted (a raw TCP connect counts too). */
  connections(): number;
  close(): Promise<void>;
}

export async function startCanaryServer(): Promise<CanaryServer> {
  let connections = 0;
  const server = createServer((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"canary":true}'));
  server.on("connection", () => {
    connections += 1;
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    host: `127.0.0.1:${listener.port}`,
    connections: () => connections,
    close: listener.close,
  };
}
