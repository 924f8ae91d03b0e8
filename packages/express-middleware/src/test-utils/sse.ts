import { setImmediate as nextTurn } from "node:timers/promises";
import type { Request, Response } from "express";

export interface ParsedEvent {
  readonly event?: string;
  readonly data: string;
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

/** An OpenAI chat completion stream of `text`, `size` characters per delta. */
export function chatStream(text: string, size = 8): string[] {
  const header = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1700000000, model: "gpt-4o-mini" };
  const chunk = (delta: object, finishReason: string | null) =>
    `data: ${JSON.stringify({ ...header, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
  return [chunk({ role: "assistant", content: "" }, null), ...split(text, size).map((piece) => chunk({ content: piece }, null)), chunk({}, "stop"), "data: [DONE]\n\n"];
}

/** An Anthropic Messages stream of `text`. */
export function anthropicStream(text: string, size = 8): string[] {
  const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  return [
    event("message_start", { message: { id: "msg_test", type: "message", role: "assistant", model: "claude-sonnet-4", content: [], stop_reason: null, usage: { input_tokens: 5, output_tokens: 0 } } }),
    event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    ...split(text, size).map((piece) => event("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } })),
    event("content_block_stop", { index: 0 }),
    event("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 10 } }),
    event("message_stop", {}),
  ];
}

export function parseSse(text: string): ParsedEvent[] {
  return text
    .split(/\n\n/)
    .filter((block) => block.trim() !== "")
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        if (line.startsWith("data:")) data.push(line.slice(5).trim());
      }
      return { ...(event ? { event } : {}), data: data.join("\n") };
    });
}

/** The assistant text of a parsed OpenAI chat stream, and its last finish reason. */
export function chatText(events: ReadonlyArray<ParsedEvent>): { text: string; finishReason: string | null } {
  let text = "";
  let finishReason: string | null = null;
  for (const event of events) {
    if (event.data === "[DONE]") continue;
    const chunk = JSON.parse(event.data) as { choices: Array<{ delta: { content?: string }; finish_reason: string | null }> };
    for (const choice of chunk.choices) {
      text += choice.delta.content ?? "";
      finishReason = choice.finish_reason ?? finishReason;
    }
  }
  return { text, finishReason };
}

export function anthropicText(events: ReadonlyArray<ParsedEvent>): string {
  return events
    .map((event) => JSON.parse(event.data) as { type: string; delta?: { text?: string } })
    .filter((data) => data.type === "content_block_delta")
    .map((data) => data.delta?.text ?? "")
    .join("");
}

export interface StreamHandlerRecord {
  aborted?: unknown;
  written: number;
}

/**
 * A route handler that streams `events` with `res.write`, one per turn of the event loop. With
 * `untilAborted`, it then keeps writing `filler` events until `req.aktoGuardrails.signal` aborts (at
 * most `limit` of them, so it always stops by itself).
 */
export function streamHandler(
  events: ReadonlyArray<string>,
  record: StreamHandlerRecord,
  options: { untilAborted?: { filler: string; limit: number }; writeHead?: boolean } = {},
) {
  return async (request: Request, response: Response) => {
    const signal = request.aktoGuardrails?.signal;
    if (options.writeHead) {
      response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
      response.flushHeaders();
    } else {
      response.setHeader("content-type", "text/event-stream");
    }
    const send = async (event: string) => {
      response.write(event);
      record.written += 1;
      await nextTurn();
    };
    for (const event of events) {
      if (signal?.aborted) break;
      await send(event);
    }
    if (options.untilAborted) {
      for (let count = 0; count < options.untilAborted.limit && !signal?.aborted; count += 1) await send(options.untilAborted.filler);
    }
    record.aborted = signal?.aborted ? signal.reason : undefined;
    response.end();
  };
}
