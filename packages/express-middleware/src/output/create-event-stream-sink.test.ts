import { PassThrough } from "node:stream";
import { createLogger } from "@akto-guardrails/sdk";
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import type { AktoGuardrailsMiddleware } from "../akto-guardrails";
import type { AktoGuardrailsOptions, StreamBlockedInfo } from "../options/akto-guardrails-options";
import { chat, EXPRESS_VERSIONS, startApp, type ExpressFactory } from "../test-utils/start-app";
import { anthropicStream, anthropicText, chatStream, chatText, parseSse, streamHandler, type StreamHandlerRecord } from "../test-utils/sse";
import { useGuardHarness } from "../test-utils/use-guard-harness";

const PII = "jane@example.com";
const BAD = "This is internal only material.";

const harness = useGuardHarness();

function guard(mode: "window" | "buffer" | "audit", options: Partial<AktoGuardrailsOptions> = {}): AktoGuardrailsMiddleware {
  return harness.guard({ output: { mode, windowChars: 40, overlapChars: 16, flushMs: 50 }, ...options });
}

async function serve(
  express: ExpressFactory,
  middleware: AktoGuardrailsMiddleware,
  handler: (request: Request, response: Response) => void | Promise<void>,
): Promise<string> {
  const app = express();
  app.use(middleware);
  app.use((request, response) => void handler(request, response));
  return harness.track(await startApp(app)).url;
}

async function stream(url: string, body: unknown): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const INTRO = "Here is a long and harmless introduction before anything else happens. ";
/** A content chunk the handler keeps writing after the bad part, until it is told to stop. */
const FILLER = chatStream(" More text after.", 64)[1] as string;

describe.each(EXPRESS_VERSIONS)("SSE output on %s", (_name, express) => {
  it("should redact a streamed reply in window mode, even across chunk boundaries", async () => {
    const record: StreamHandlerRecord = { written: 0 };
    const url = await serve(express, guard("window"), streamHandler(chatStream(`${INTRO}Write to ${PII} for details. Bye now.`, 5), record));
    const answer = await stream(`${url}/v1/chat/completions`, { ...chat("hi"), stream: true });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/event-stream");
    const { text, finishReason } = chatText(parseSse(answer.text));
    expect(text).toBe(`${INTRO}Write to [REDACTED] for details. Bye now.`);
    expect(finishReason).toBe("stop");
    expect(answer.text.trim().endsWith("data: [DONE]")).toBe(true);
  });

  it("should cut a blocked stream with content_filter, abort the signal and tell the app", async () => {
    const record: StreamHandlerRecord = { written: 0 };
    const blocked: StreamBlockedInfo[] = [];
    const emitted: StreamBlockedInfo[] = [];
    const url = await serve(
      express,
      guard("window", { onStreamBlocked: (info) => blocked.push(info) }),
      (request, response) => {
        response.on("aktoGuardrailsBlocked", (info: StreamBlockedInfo) => emitted.push(info));
        return streamHandler(chatStream(`${INTRO}${BAD}`, 6).slice(0, -2), record, { untilAborted: { filler: FILLER, limit: 20_000 } })(request, response);
      },
    );
    const answer = await stream(`${url}/v1/chat/completions`, { ...chat("hi"), stream: true });
    const events = parseSse(answer.text);
    const { text, finishReason } = chatText(events);
    expect(finishReason).toBe("content_filter");
    expect(events.at(-1)?.data).toBe("[DONE]");
    expect(text).not.toContain("internal only");
    expect(text.startsWith("Here is a long")).toBe(true);
    expect(record.aborted).toMatchObject({ code: "ERR_RESPONSE_BLOCKED", decision: { action: "block" } });
    expect(blocked).toHaveLength(1);
    expect(blocked[0]?.decision).toMatchObject({ action: "block", stage: "output" });
    expect(emitted).toHaveLength(1);
  });

  it("should hold the whole stream in buffer mode and release it redacted", async () => {
    const record: StreamHandlerRecord = { written: 0 };
    const url = await serve(express, guard("buffer"), streamHandler(chatStream(`Mail ${PII} now.`, 3), record));
    const answer = await stream(`${url}/v1/chat/completions`, { ...chat("hi"), stream: true });
    expect(chatText(parseSse(answer.text)).text).toBe("Mail [REDACTED] now.");
    expect(harness.akto.admin.validations().filter((validation) => validation.direction === "response")).toHaveLength(1);
  });

  it("should forward everything in audit mode and scan the assembled text afterwards", async () => {
    const record: StreamHandlerRecord = { written: 0 };
    const url = await serve(express, guard("audit"), streamHandler(chatStream(`${INTRO}${BAD}`, 7), record));
    const answer = await stream(`${url}/v1/chat/completions`, { ...chat("hi"), stream: true });
    expect(chatText(parseSse(answer.text)).text).toBe(`${INTRO}${BAD}`);
    const [validation] = (await harness.akto.admin.waitForValidations(2)).filter((record) => record.direction === "response");
    expect(validation?.action).toBe("warn"); // a block under the default policies
    expect(validation?.payload).toContain(BAD);
    expect(record.aborted).toBeUndefined();
  });

  it("should guard Anthropic streams and end a blocked one with stop_reason refusal", async () => {
    const record: StreamHandlerRecord = { written: 0 };
    const url = await serve(
      express,
      guard("window"),
      streamHandler(anthropicStream(`${INTRO}${BAD}`, 6).slice(0, -3), record, {
        untilAborted: { filler: anthropicStream(" more", 64)[2] as string, limit: 20_000 },
      }),
    );
    const answer = await stream(`${url}/v1/messages`, { model: "claude-sonnet-4", max_tokens: 100, stream: true, messages: [{ role: "user", content: "hi" }] });
    const events = parseSse(answer.text);
    expect(anthropicText(events)).not.toContain("internal only");
    const types = events.map((event) => (JSON.parse(event.data) as { type: string }).type);
    expect(types.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    expect(JSON.parse(events.at(-2)?.data ?? "{}")).toMatchObject({ delta: { stop_reason: "refusal" } });
  });

  it("should see headers set with writeHead and flushed early", async () => {
    const record: StreamHandlerRecord = { written: 0 };
    const url = await serve(express, guard("window"), streamHandler(chatStream(`Mail ${PII} now.`, 4), record, { writeHead: true }));
    const answer = await stream(`${url}/v1/chat/completions`, { ...chat("hi"), stream: true });
    expect(answer.headers.get("cache-control")).toBe("no-cache");
    expect(chatText(parseSse(answer.text)).text).toBe("Mail [REDACTED] now.");
  });

  it("should abort the signal when the client goes away mid-stream", async () => {
    const record: StreamHandlerRecord = { written: 0 };
    let finished!: () => void;
    const handlerDone = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const url = await serve(express, guard("window"), async (request, response) => {
      await streamHandler(chatStream(INTRO, 8), record, { untilAborted: { filler: FILLER, limit: 20_000 } })(request, response);
      finished();
    });
    const controller = new AbortController();
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...chat("hi"), stream: true }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read(); // the stream is flowing
    controller.abort();
    await handlerDone;
    expect(record.aborted).toMatchObject({ code: "ERR_CLIENT_CLOSED" });
  });
});

describe("SSE output on custom routes", () => {
  const express = EXPRESS_VERSIONS[1][1];

  it("should guard a custom route's stream in the format named by extract.stream", async () => {
    const record: StreamHandlerRecord = { written: 0 };
    const url = await serve(
      express,
      guard("window", { routes: ["/chat"], extract: { request: "question", stream: "openai.chat" } }),
      streamHandler(chatStream(`Mail ${PII} now.`, 4), record),
    );
    const answer = await stream(`${url}/chat`, { question: "hello" });
    expect(chatText(parseSse(answer.text)).text).toBe("Mail [REDACTED] now.");
  });

  it("should pass a custom route's stream of unknown format and warn once", async () => {
    const lines = new PassThrough();
    const logged: string[] = [];
    lines.on("data", (chunk: Buffer) => logged.push(chunk.toString("utf8")));
    const url = await serve(
      express,
      guard("window", { routes: ["/chat"], extract: "question", logger: createLogger({ level: "warn", destination: lines }) }),
      streamHandler(["data: internal only\n\n"], { written: 0 }),
    );
    expect((await stream(`${url}/chat`, { question: "hello" })).text).toBe("data: internal only\n\n");
    await stream(`${url}/chat`, { question: "hello again" });
    const warnings = logged.join("").split("\n").filter((line) => line.includes("without an output scan"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("extract.stream");
    expect(warnings[0]).not.toContain("hello");
  });
});
