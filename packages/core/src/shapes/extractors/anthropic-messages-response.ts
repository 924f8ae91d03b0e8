import type { ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import { extractAnthropicContent } from "./anthropic-content-block";

/** Anthropic Messages JSON response: the `content` blocks. */
export function extractAnthropicMessagesResponse(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const content = getOwnProperty(body, "content");
  if (content === undefined) builder.unscanned([], "content is missing");
  else if (!Array.isArray(content)) builder.unscanned(["content"], "content is not an array");
  else extractAnthropicContent(builder, content, ["content"], "assistant");
}
