import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeParseProxyConfig } from "../config/proxy-config";
import { startTestProxy, type TestProxy } from "../test-utils/start-proxy";
import { useProxyMocks } from "../test-utils/use-proxy-mocks";

const mocks = useProxyMocks();
let proxy: TestProxy;

beforeAll(async () => {
  proxy = await startTestProxy({ aktoUrl: mocks.akto.url, llmUrl: mocks.llm.url, config: { server: { headersTimeoutMs: 300, requestTimeoutMs: 800 } } });
});
afterAll(async () => {
  await proxy.close();
});

interface SlowClientResult {
  /** Everything the proxy sent back before it closed the connection. */
  readonly answer: string;
  /** Bytes the client had sent when the connection closed. */
  readonly sent: number;
}

/**
 * A slowloris client: sends `head` at once, then one byte of `rest` every `everyMs` until the proxy
 * closes the connection (or everything was sent).
 */
function slowClient(url: string, head: string, rest: string, everyMs: number): Promise<SlowClientResult> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const socket: Socket = connect(Number(port), hostname, () => {
      socket.write(head);
      sent = head.length;
      timer = setInterval(() => {
        if (sent - head.length >= rest.length || socket.destroyed) return;
        socket.write(rest[sent - head.length] as string);
        sent += 1;
      }, everyMs);
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined); // a reset after the 408 is part of being cut off
    socket.on("close", () => {
      clearInterval(timer);
      resolve({ answer: Buffer.concat(chunks).toString("utf8"), sent });
    });
    socket.on("timeout", () => reject(new Error("no answer")));
    socket.setTimeout(20_000);
  });
}

describe("client timeouts", () => {
  it("should default to 10 s for headers and 60 s for the whole request, and refuse headers > request", () => {
    const parsed = safeParseProxyConfig({ akto: { baseUrl: "http://127.0.0.1:1" } });
    expect(parsed.success && parsed.value.server).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 });
    const short = safeParseProxyConfig({ akto: { baseUrl: "http://127.0.0.1:1" }, server: { requestTimeoutMs: 2_000 } });
    expect(short.success && short.value.server).toMatchObject({ headersTimeoutMs: 2_000, requestTimeoutMs: 2_000 });
    const invalid = safeParseProxyConfig({ akto: { baseUrl: "http://127.0.0.1:1" }, server: { headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 } });
    expect(invalid.success).toBe(false);
    if (!invalid.success) expect(invalid.problems).toEqual(["- server.headersTimeoutMs: must not be greater than server.requestTimeoutMs"]);
  });

  it("should cut a client that sends its headers one byte at a time", async () => {
    const started = Date.now();
    const result = await slowClient(proxy.url, "POST /v1/chat/completions HTTP/1.1\r\n", "Host: x\r\nContent-Type: application/json\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n", 50);
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(mocks.akto.admin.validations()).toHaveLength(0);
    expect(mocks.llm.admin.requests()).toHaveLength(0);
  });

  it("should cut a client that sends its body one byte at a time, and keep serving others", async () => {
    const body = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x".repeat(200) }] });
    const head = `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const started = Date.now();
    const result = await slowClient(proxy.url, head, body, 50);
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.sent).toBeLessThan(head.length + body.length);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(mocks.akto.admin.validations()).toHaveLength(0);
    expect(mocks.llm.admin.requests()).toHaveLength(0);
    const healthy = await fetch(`${proxy.url}/healthz`);
    expect(healthy.status).toBe(200);
  });
});
