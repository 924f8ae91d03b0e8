import { readFileSync } from "node:fs";
import { createSseParser } from "../sse-parser";
import type { SseEvent, StreamFormat } from "../types";

export const FIXTURES: ReadonlyArray<{ name: string; format: StreamFormat }> = [
  { name: "openai-chat-plain.sse", format: "openai.chat" },
  { name: "openai-chat-n2.sse", format: "openai.chat" },
  { name: "openai-chat-tool-calls.sse", format: "openai.chat" },
  { name: "openai-chat-include-usage.sse", format: "openai.chat" },
  { name: "openai-completions.sse", format: "openai.completions" },
  { name: "openai-responses-text.sse", format: "openai.responses" },
  { name: "openai-responses-function-call.sse", format: "openai.responses" },
  { name: "openai-responses-refusal.sse", format: "openai.responses" },
  { name: "anthropic-text.sse", format: "anthropic.messages" },
  { name: "anthropic-tool-use.sse", format: "anthropic.messages" },
  { name: "anthropic-thinking.sse", format: "anthropic.messages" },
];

export function readFixture(name: string): string {
  return readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), "utf8");
}

export function parseTranscript(text: string): SseEvent[] {
  const parser = createSseParser();
  return [...parser.push(text), ...parser.end()];
}

export function fixtureEvents(name: string): SseEvent[] {
  return parseTranscript(readFixture(name));
}
