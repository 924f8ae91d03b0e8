import type { StreamFormat } from "../types";
import { anthropicMessagesFormat } from "./anthropic-messages";
import { openAIChatFormat } from "./openai-chat";
import { openAICompletionsFormat } from "./openai-completions";
import { openAIResponsesFormat } from "./openai-responses";
import type { StreamFormatHandler } from "./stream-format-handler";

const HANDLERS: ReadonlyMap<string, StreamFormatHandler> = new Map<string, StreamFormatHandler>([
  ["openai.chat", openAIChatFormat],
  ["openai.completions", openAICompletionsFormat],
  ["openai.responses", openAIResponsesFormat],
  ["anthropic.messages", anthropicMessagesFormat],
]);

/** The handler of a stream format, or `undefined` for a value that is not a `StreamFormat`. */
export function getStreamFormatHandler(format: StreamFormat | string): StreamFormatHandler | undefined {
  return HANDLERS.get(format);
}
