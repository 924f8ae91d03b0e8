import { isPlainObject } from "../../util/json";
import type { ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import type { SegmentRole } from "../types";
import { extractAnthropicContent } from "./anthropic-content-block";

/** Anthropic Messages request: `system` and every message's content blocks. */
export function extractAnthropicMessagesRequest(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const system = getOwnProperty(body, "system");
  if (system != null) extractAnthropicContent(builder, system, ["system"], "system");

  const messages = getOwnProperty(body, "messages");
  if (messages === undefined) {
    builder.unscanned([], "messages is missing");
    return;
  }
  if (!Array.isArray(messages)) {
    builder.unscanned(["messages"], "messages is not an array");
    return;
  }
  messages.forEach((message: unknown, index) => {
    if (!isPlainObject(message)) {
      builder.unscanned(["messages", index], "message is not an object");
      return;
    }
    const role: SegmentRole = getOwnProperty(message, "role") === "assistant" ? "assistant" : "user";
    extractAnthropicContent(builder, getOwnProperty(message, "content"), ["messages", index, "content"], role);
  });
}
