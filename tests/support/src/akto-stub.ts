import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { listenOnLoopback } from "./loopback-server";
import { conformanceAnswerText, type ConformanceAktoAnswer } from "@akto-guardrails/core";

export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** A tiny Akto that answers every validation with whatever answer is set (conformance vectors). */
export interface AktoStub {
  readonly url: string;
  setAnswer(answer: ConformanceAktoAnswer): void;
  readonly requests: StubRequest[];
  /** Resolves once `count` requests have arrived (woken by arrivals, no polling). */
  waitForRequests(count: number): Promise<StubRequest[]>;
  close(): Promise<void>;
}

/**
 * Starts a stub Akto on 127.0.0.1. `{fault: "timeout"}` never answers (the socket is held until
 * close); `{fault: "connection"}` destroys the socket at once. Threat-event posts get 202.
 */
export async function startAktoStub(): Promise<AktoStub> {
  let answer: ConformanceAktoAnswer = { status: 200, body: { Allowed: true, Modified: false, ModifiedPayload: "", Reason: "" } };
  const requests: StubRequest[] = [];
  let waiters: Array<{ count: number; resolve: (requests: StubRequest[]) => void }> = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body });
      waiters = waiters.filter((waiter) => {
        if (requests.length < waiter.count) return true;
        waiter.resolve([...requests]);
        return false;
      });
      if ((request.url ?? "").includes("/threat_detection/")) {
        response.writeHead(202).end();
        return;
      }
      if ("fault" in answer) {
        if (answer.fault === "connection") request.socket.destroy();
        return; // timeout: never answer
      }
      const headers: Record<string, string> = { "content-type": "application/json" };
      if ("headers" in answer && answer.headers) Object.assign(headers, answer.headers);
      response.writeHead(answer.status, headers).end(conformanceAnswerText(answer) ?? "");
    });
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    requests,
    setAnswer(next) {
      answer = next;
    },
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve([...requests]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: listener.close,
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
