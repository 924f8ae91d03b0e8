import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestProxy, type TestProxy } from "../test-utils/start-proxy";
import { useProxyMocks } from "../test-utils/use-proxy-mocks";

const mocks = useProxyMocks();
let proxy: TestProxy;

beforeAll(async () => {
  proxy = await startTestProxy({
    aktoUrl: mocks.akto.url,
    llmUrl: mocks.llm.url,
    config: { server: { bodyLimitBytes: 64 * 1024, headersTimeoutMs: 500, requestTimeoutMs: 800 }, portkeyWebhook: { token: "webhook-token-123" } },
  });
});
afterAll(async () => {
  await proxy.close();
});

describe("body limit", () => {
  it("should let a client that is still sending a body far over the limit read the 413 (no EPIPE)", async () => {
    for (const path of ["/v1/chat/completions", "/v1/messages", "/portkey/webhook"]) {
      const response = await fetch(`${proxy.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.alloc(5 * 1024 * 1024, 0x20) });
      expect(response.status, path).toBe(413);
      expect(await response.json()).toHaveProperty("error");
    }
    expect(mocks.akto.admin.validations()).toHaveLength(0);
    expect(mocks.llm.admin.requests()).toHaveLength(0);
    // The connection was drained, not poisoned: the next request works.
    const next = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(next.status).toBe(200);
  });

  it("should stop discarding an endless body once server.requestTimeoutMs has passed", async () => {
    const { hostname, port } = new URL(proxy.url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      const socket = connect(Number(port), hostname, () => {
        socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        const chunk = `${(16 * 1024).toString(16)}\r\n${" ".repeat(16 * 1024)}\r\n`;
        const timer = setInterval(() => {
          if (!socket.destroyed) socket.write(chunk);
        }, 10);
        socket.on("close", () => clearInterval(timer));
      });
      socket.on("data", (data: Buffer) => chunks.push(data));
      socket.on("error", () => undefined);
      socket.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
