import { startMockAkto, type MockAkto } from "@akto-guardrails/mock-akto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestProxy, type TestProxy } from "../test-utils/start-proxy";
import { startUpstreamStub, type StubUpstream } from "../test-utils/start-upstream-stub";

const DEPTH = 100_000;
const deep = (leaf: string) => `${"[".repeat(DEPTH)}${leaf}${"]".repeat(DEPTH)}`;

let akto: MockAkto;
let upstream: StubUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  [akto, upstream] = await Promise.all([startMockAkto(), startUpstreamStub()]);
  proxy = await startTestProxy({ aktoUrl: akto.url, llmUrl: upstream.url, config: { output: "buffer" } });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([akto.close(), upstream.close()]);
});

describe("bodies nested too deeply to re-serialize", () => {
  it("should refuse a request that must be sanitized with a 400, never forwarding the unredacted text", async () => {
    const body = `{"model":"gpt-4o-mini","tools":[{"type":"function","function":{"name":"f","parameters":${deep("{}")}}}],"messages":[{"role":"user","content":"My email is jane@example.com"}]}`;
    const response = await fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", code: "request_too_deeply_nested" } });
    expect(upstream.requests).toHaveLength(0);
    // The same depth without anything to redact is forwarded as sent (the original bytes, no re-serialization).
    const plain = await fetch(`${proxy.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: body.replace("My email is jane@example.com", "hi") });
    expect(plain.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
  });

  it("should answer 502 instead of an unsanitized upstream answer nested too deeply", async () => {
    upstream.setHandler((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(`{"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Mail jane@example.com"},"finish_reason":"stop"}],"extra":${deep("1")}}`);
    });
    const response = await fetch(`${proxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
    });
    const text = await response.text();
    expect(response.status).toBe(502);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "upstream_response_unscannable" } });
    expect(text).not.toContain("jane@example.com");
  });
});
