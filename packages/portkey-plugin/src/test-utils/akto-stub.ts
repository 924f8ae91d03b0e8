import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { conformanceAnswerText, type ConformanceAktoAnswer } from "@akto-guardrails/core";

export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** A tiny Akto that answers every call with the answer that is set (vectors, failure classes). */
export interface AktoStub {
  readonly url: string;
  readonly requests: StubRequest[];
  setAnswer(answer: ConformanceAktoAnswer): void;
  /** Resolves when `count` requests have arrived (no polling). */
  waitForRequests(count: number): Promise<StubRequest[]>;
  close(): Promise<void>;
}

/** `{fault: "timeout"}` never answers (the socket is held until close); `{fault: "connection"}` destroys the socket. */
export async function startAktoStub(): Promise<AktoStub> {
  let answer: ConformanceAktoAnswer = { status: 200, body: { Allowed: true, Modified: false, ModifiedPayload: "", Reason: "" } };
  const requests: StubRequest[] = [];
  const waiters: Array<{ count: number; resolve: (requests: StubRequest[]) => void }> = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      for (const waiter of waiters.splice(0)) {
        if (requests.length >= waiter.count) waiter.resolve([...requests]);
        else waiters.push(waiter);
      }
      if ("fault" in answer) {
        if (answer.fault === "connection") request.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { "content-type": "application/json" };
      if ("headers" in answer && answer.headers) {
        for (const [name, value] of Object.entries(answer.headers)) headers[name] = value;
      }
      response.writeHead(answer.status, headers).end(conformanceAnswerText(answer) ?? "");
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setAnswer(next) {
      answer = next;
    },
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve([...requests]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens (connection refused). */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The envelope an Akto call carried, parsed. */
export function envelopeOf(request: StubRequest): Record<string, unknown> {
  return JSON.parse(request.body) as Record<string, unknown>;
}
