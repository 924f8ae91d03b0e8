import { isPlainObject } from "../../util/json";
import type { ExtractionBuilder } from "../extraction-builder";
import { requiredArray } from "./required-array";
import { getOwnProperty } from "../own-property";
import type { SegmentRole } from "../types";
import { extractAnthropicContent } from "./anthropic-content-block";

/** Anthropic Messages request: `system` and every message's content blocks. */
export function extractAnthropicMessagesRequest(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const system = getOwnProperty(body, "system");
  if (system != null) extractAnthropicContent(builder, system, ["system"], "system");

  requiredArray(builder, body, "messages")?.forEach((message: unknown, index) => {
    if (!isPlainObject(message)) {
      builder.unscanned(["messages", index], "message is not an object");
      return;
    }
    const role: SegmentRole = getOwnProperty(message, "role") === "assistant" ? "assistant" : "user";
    extractAnthropicContent(builder, getOwnProperty(message, "content"), ["messages", index, "content"], role);
  });
}
