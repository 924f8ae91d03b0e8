import type { ExtractionBuilder } from "../extraction-builder";
import { requiredArray } from "./required-array";
import { extractAnthropicContent } from "./anthropic-content-block";

/** Anthropic Messages JSON response: the `content` blocks. */
export function extractAnthropicMessagesResponse(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const content = requiredArray(builder, body, "content");
  if (content) extractAnthropicContent(builder, content, ["content"], "assistant");
}
