import { isPlainObject } from "../../util/json";
import type { ExtractionBuilder } from "../extraction-builder";
import { requiredArray } from "./required-array";
import { getOwnProperty } from "../own-property";
import { extractChatMessage } from "./openai-chat-message";

/** OpenAI Chat Completions JSON response: every choice's message. */
export function extractOpenAIChatResponse(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  requiredArray(builder, body, "choices")?.forEach((choice: unknown, index) => {
    const message = isPlainObject(choice) ? getOwnProperty(choice, "message") : undefined;
    if (message === undefined) builder.unscanned(["choices", index], "choice has no message");
    else extractChatMessage(builder, message, ["choices", index, "message"], "assistant");
  });
}
