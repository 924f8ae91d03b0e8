import { TextDecoder } from "node:util";
import { startMockAkto, type MockAkto } from "@akto-guardrails/mock-akto";
import { startMockLlm, type MockLlm } from "@akto-guardrails/mock-llm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestProxy, type TestProxy } from "../test-utils/start-proxy";
import { startUpstreamStub, type StubUpstream } from "../test-utils/start-upstream-stub";

let akto: MockAkto;
let llm: MockLlm;
let stub: StubUpstream;
let slowProxy: TestProxy;
let llmProxy: TestProxy;

const chunk = (content: string) =>
  `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

beforeAll(async () => {
  [akto, llm, stub] = await Promise.all([startMockAkto(), startMockLlm(), startUpstreamStub()]);
  const output = { mode: "window", windowChars: 500, overlapChars: 64, flushMs: 40 };
  [slowProxy, llmProxy] = await Promise.all([
    startTestProxy({ aktoUrl: akto.url, llmUrl: stub.url, config: { output } }),
    startTestProxy({ aktoUrl: akto.url, llmUrl: llm.url, config: { output } }),
  ]);
});
afterAll(async () => {
  await Promise.all([slowProxy.close(), llmProxy.close()]);
  await Promise.all([akto.close(), llm.close(), stub.close()]);
});

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, decoder: TextDecoder, done: (text: string) => boolean, text = ""): Promise<string> {
  let seen = text;
  while (!done(seen)) {
    const next = await reader.read();
    if (next.done) break;
    seen += decoder.decode(next.value, { stream: true });
  }
  return seen;
}

describe("window streaming over time", () => {
  it("should release a slow stream's text after flushMs, without waiting for a full window", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    stub.setHandler((_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      // Longer than the overlap the guard holds back for the next window (64 characters here).
      response.write(chunk(`The first few words, ${"then a calm and harmless sentence. ".repeat(4)}`));
      // The rest only comes once the client has seen the first words: a proxy that held them would hang here.
      void released.then(() => response.end(`${chunk(" and the rest.")}data: [DONE]\n\n`));
    });
    const response = await fetch(`${slowProxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = await readUntil(reader, decoder, (text) => text.includes("The first few words"));
    expect(first).toContain("The first few words");
    expect(first).not.toContain("the rest");
    release();
    const all = await readUntil(reader, decoder, () => false, first);
    expect(all).toContain(" and the rest.");
    expect(all.trimEnd().endsWith("data: [DONE]")).toBe(true);
    // The upstream was asked for an uncompressed stream, since the proxy reads it.
    expect(stub.requests[0]?.headers["accept-encoding"]).toBe("identity");
  });

  it("should abort the upstream when the client goes away mid-stream", async () => {
    llm.admin.setOptions({ chunkSize: 8, chunkIntervalMs: 5 });
    const controller = new AbortController();
    const response = await fetch(`${llmProxy.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "[[long:5000]]" }] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const aborted = await llm.admin.waitForAbort();
    expect(aborted.completed).toBe(false);
  });
});
