import type { ExtractionBuilder } from "../extraction-builder";
import { requiredArray } from "./required-array";
import { extractChatMessage } from "./openai-chat-message";

/** OpenAI Chat Completions request: every message's texts. */
export function extractOpenAIChatRequest(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  requiredArray(builder, body, "messages")?.forEach((message: unknown, index) => extractChatMessage(builder, message, ["messages", index], "user"));
}
