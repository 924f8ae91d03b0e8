import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { startMockAkto, type MockAkto } from "@akto-guardrails/mock-akto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxyUnderTest, type ProxyUnderTest } from "./support-b/start-proxy-under-test";
import { createHttpClient } from "./support-b/create-http-client";

// An upstream that dies mid-stream: the proxy (window mode) relays a transcript cut at every byte, half
// of the cuts closing cleanly and half resetting the connection. The client always gets a 200 stream
// of whole events, never the e-mail the model wrote (the window holding it is redacted before release),
// and the proxy keeps serving.

const EMAIL = "jane@example.com";

function chatTranscript(): Buffer {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const text = `Sure. Contact ${EMAIL} for the invoice, ünïcödé ✓.`;
  const deltas = text.match(/.{1,6}/gu) ?? [];
  return Buffer.from([chunk({ role: "assistant", content: "" }), ...deltas.map((content) => chunk({ content })), chunk({}, "stop"), "data: [DONE]\n\n"].join(""), "utf8");
}

function anthropicTranscript(): Buffer {
  const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const text = `Write to ${EMAIL} today.`;
  const deltas = text.match(/.{1,5}/gu) ?? [];
  return Buffer.from(
    [
      event("message_start", { message: { id: "msg_1", type: "message", role: "assistant", content: [], model: "claude-sonnet-4-5", usage: { input_tokens: 1, output_tokens: 1 } } }),
      event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
      ...deltas.map((piece) => event("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } })),
      event("content_block_stop", { index: 0 }),
      event("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 9 } }),
      event("message_stop", {}),
    ].join(""),
    "utf8",
  );
}

const TRANSCRIPTS = { chat: chatTranscript(), anthropic: anthropicTranscript() } as const;

interface CuttingUpstream {
  readonly url: string;
  close(): Promise<void>;
}

/** Answers with a transcript cut after `x-test-cut` bytes, then closes (`x-test-end: fin`) or resets. */
async function startCuttingUpstream(): Promise<CuttingUpstream> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const transcript = TRANSCRIPTS[request.headers["x-test-transcript"] === "anthropic" ? "anthropic" : "chat"];
      const cut = Number(request.headers["x-test-cut"]);
      response.writeHead(200, { "content-type": "text/event-stream" });
      const bytes = transcript.subarray(0, cut);
      // Two writes, so a cut also falls between TCP segments.
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      response.write(bytes.subarray(Math.floor(bytes.length / 2)), () => {
        if (request.headers["x-test-end"] === "fin") response.end();
        else response.socket?.destroy();
      });
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The `data:` payloads of an SSE body; throws on anything that is not a whole event. */
function dataLines(text: string): string[] {
  if (text.length > 0 && !text.endsWith("\n\n")) throw new Error(`the stream ends inside an event: ${JSON.stringify(text.slice(-80))}`);
  const payloads: string[] = [];
  for (const block of text.split("\n\n").filter((part) => part.length > 0)) {
    for (const line of block.split("\n")) {
      if (line.startsWith("data: ")) payloads.push(line.slice(6));
      else if (!line.startsWith("event: ") && !line.startsWith(":")) throw new Error(`not an SSE line: ${JSON.stringify(line)}`);
    }
  }
  return payloads;
}

let akto: MockAkto;
let upstream: CuttingUpstream;
let proxy: ProxyUnderTest;
const client = createHttpClient(8);

beforeAll(async () => {
  [akto, upstream] = await Promise.all([startMockAkto(), startCuttingUpstream()]);
  proxy = await startProxyUnderTest({ aktoUrl: akto.url, llmUrl: upstream.url, config: { output: { mode: "window", windowChars: 24, overlapChars: 20, flushMs: 20 } } });
});
afterAll(async () => {
  client.close();
  await proxy.close();
  await Promise.all([akto.close(), upstream.close()]);
});

describe("streams cut by the upstream", () => {
  it.each([
    ["chat", "/v1/chat/completions", { model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] }],
    ["anthropic", "/v1/messages", { model: "claude-sonnet-4-5", max_tokens: 64, stream: true, messages: [{ role: "user", content: "hi" }] }],
  ] as const)("should relay whole events only and never the e-mail, for a %s transcript cut at every byte", async (name, path, body) => {
    const transcript = TRANSCRIPTS[name];
    const cuts = Array.from({ length: transcript.length + 1 }, (_, cut) => cut);
    const failures: string[] = [];
    let redacted = 0;
    // Eight at a time: each cut is its own request through the proxy.
    for (let start = 0; start < cuts.length; start += 8) {
      await Promise.all(
        cuts.slice(start, start + 8).map(async (cut) => {
          const end = cut % 2 === 0 ? "fin" : "reset";
          try {
            const answer = await client.send({
              origin: proxy.url,
              path,
              headers: { "content-type": "application/json", "x-test-transcript": name, "x-test-cut": String(cut), "x-test-end": end },
              body: JSON.stringify(body),
            });
            const text = answer.body.toString("utf8");
            if (answer.status !== 200) throw new Error(`status ${answer.status}: ${text.slice(0, 200)}`);
            if (text.includes(EMAIL)) throw new Error("the e-mail reached the client");
            for (const data of dataLines(text)) if (data !== "[DONE]") JSON.parse(data);
            if (text.includes("[REDACTED]")) redacted += 1;
          } catch (error) {
            failures.push(`cut at ${cut} (${end}): ${(error as Error).message}`);
          }
        }),
      );
    }
    expect(failures).toEqual([]);
    // Cuts after the e-mail was complete went through the redaction.
    expect(redacted).toBeGreaterThan(transcript.length / 4);
    expect(proxy.process.alive()).toBe(true);
    expect((await client.send({ origin: proxy.url, path: "/healthz", method: "GET" })).status).toBe(200);
  });
});
