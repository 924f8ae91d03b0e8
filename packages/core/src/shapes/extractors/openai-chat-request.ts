import type { ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import { extractChatMessage } from "./openai-chat-message";

/** OpenAI Chat Completions request: every message's texts. */
export function extractOpenAIChatRequest(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const messages = getOwnProperty(body, "messages");
  if (messages === undefined) {
    builder.unscanned([], "messages is missing");
  } else if (!Array.isArray(messages)) {
    builder.unscanned(["messages"], "messages is not an array");
  } else {
    messages.forEach((message: unknown, index) => extractChatMessage(builder, message, ["messages", index], "user"));
  }
}
