import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "@akto-guardrails/test-support";

export interface StubUpstreamRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

export interface StubUpstream {
  readonly url: string;
  readonly requests: StubUpstreamRequest[];
  /** Replaces how the next requests are answered. */
  setHandler(handler: (request: StubUpstreamRequest, response: ServerResponse) => void): void;
  close(): Promise<void>;
}

/** A tiny programmable upstream on 127.0.0.1 for answers mock-llm does not make (fixed bodies, paced streams). */
export async function startUpstreamStub(): Promise<StubUpstream> {
  const requests: StubUpstreamRequest[] = [];
  let handler: (request: StubUpstreamRequest, response: ServerResponse) => void = (_request, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const recorded = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(recorded);
      handler(recorded, response);
    });
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    requests,
    setHandler(next) {
      handler = next;
    },
    close: listener.close,
  };
}
