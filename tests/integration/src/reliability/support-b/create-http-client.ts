import { Agent, request, type IncomingHttpHeaders } from "node:http";

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpCall {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** The client gives up after this long (a hung proxy must fail the test, not stall it). */
  readonly timeoutMs?: number;
}

export interface HttpClient {
  /** Resolves with the whole answer; rejects on a socket error or the client timeout. */
  send(call: HttpCall): Promise<HttpAnswer>;
  /** Closes every pooled connection. */
  close(): void;
}

/** A keep-alive HTTP/1.1 client with up to `maxSockets` connections (node:http, no dependency). */
export function createHttpClient(maxSockets: number): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return {
    send(call) {
      const url = new URL(call.path, call.origin);
      return new Promise<HttpAnswer>((resolve, reject) => {
        const outgoing = request(
          { agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: call.method ?? "POST", headers: call.headers },
          (incoming) => {
            const chunks: Buffer[] = [];
            incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
            incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
            incoming.on("error", reject);
            incoming.on("aborted", () => reject(new Error("the answer was cut off")));
          },
        );
        outgoing.setTimeout(call.timeoutMs ?? 30_000, () => outgoing.destroy(new Error(`no complete answer within ${call.timeoutMs ?? 30_000} ms`)));
        outgoing.on("error", reject);
        outgoing.end(call.body);
      });
    },
    close: () => agent.destroy(),
  };
}
