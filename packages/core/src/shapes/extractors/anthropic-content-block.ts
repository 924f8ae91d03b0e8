import { isPlainObject } from "../../util/json";
import { describeType, type ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import type { JsonPath, SegmentKind, SegmentRole } from "../types";

const unscannedBlockReasons: Readonly<Record<string, string>> = {
  image: "image content is not scanned",
  redacted_thinking: "redacted thinking is encrypted and not scanned",
  container_upload: "file content is not scanned",
};

/**
 * Anthropic `content` (or `system`): a string or an array of content blocks.
 * `role` is the role of the message the content belongs to.
 */
export function extractAnthropicContent(
  builder: ExtractionBuilder,
  content: unknown,
  path: JsonPath,
  role: SegmentRole,
): void {
  if (typeof content === "string") {
    builder.text(path, role, "text", content);
    return;
  }
  if (!Array.isArray(content)) {
    builder.unscanned(path, content === undefined ? "content is missing" : "content is not a string or an array");
    return;
  }
  content.forEach((block: unknown, index) => extractAnthropicBlock(builder, block, [...path, index], role));
}

function extractAnthropicBlock(builder: ExtractionBuilder, block: unknown, path: JsonPath, role: SegmentRole): void {
  if (!isPlainObject(block)) {
    builder.unscanned(path, "content block is not an object");
    return;
  }
  const type = getOwnProperty(block, "type");
  switch (type) {
    case "text":
      extractStringField(builder, block, "text", path, role, "text");
      return;
    case "thinking":
      extractStringField(builder, block, "thinking", path, "assistant", "reasoning");
      return;
    case "tool_use":
    case "server_tool_use": {
      const input = getOwnProperty(block, "input");
      if (input !== undefined) builder.json([...path, "input"], "assistant", "tool_use_input", input);
      return;
    }
    case "tool_result":
      extractToolResultContent(builder, getOwnProperty(block, "content"), [...path, "content"]);
      return;
    case "document":
      extractDocument(builder, block, path, role);
      return;
    default: {
      const reason = typeof type === "string" && Object.hasOwn(unscannedBlockReasons, type) ? unscannedBlockReasons[type] : undefined;
      builder.unscanned(path, reason ?? `unsupported content block type ${describeType(type)}`);
    }
  }
}

/** `tool_result.content`: a string or an array of text (and image / document) blocks. */
function extractToolResultContent(builder: ExtractionBuilder, content: unknown, path: JsonPath): void {
  if (content == null) return;
  if (typeof content === "string") {
    builder.text(path, "tool", "tool_result", content);
    return;
  }
  if (!Array.isArray(content)) {
    builder.unscanned(path, "tool result content is not a string or an array");
    return;
  }
  content.forEach((block: unknown, index) => {
    const blockPath = [...path, index];
    const type = isPlainObject(block) ? getOwnProperty(block, "type") : undefined;
    if (isPlainObject(block) && type === "text") extractStringField(builder, block, "text", blockPath, "tool", "tool_result");
    else {
      const reason = typeof type === "string" && Object.hasOwn(unscannedBlockReasons, type) ? unscannedBlockReasons[type] : undefined;
      builder.unscanned(blockPath, reason ?? `unsupported tool result block type ${describeType(type)}`);
    }
  });
}

/** Plain-text documents (`source.type: "text"`, or `"content"` with text blocks) are scanned; PDFs, URLs and files are not. */
function extractDocument(builder: ExtractionBuilder, block: Record<string, unknown>, path: JsonPath, role: SegmentRole): void {
  const source = getOwnProperty(block, "source");
  const sourceType = isPlainObject(source) ? getOwnProperty(source, "type") : undefined;
  if (isPlainObject(source) && sourceType === "text") {
    extractStringField(builder, source, "data", [...path, "source"], role, "text");
  } else if (isPlainObject(source) && sourceType === "content") {
    extractAnthropicContent(builder, getOwnProperty(source, "content"), [...path, "source", "content"], role);
  } else {
    builder.unscanned(path, `document with source type ${describeType(sourceType)} is not scanned`);
  }
}

function extractStringField(
  builder: ExtractionBuilder,
  container: Record<string, unknown>,
  field: string,
  path: JsonPath,
  role: SegmentRole,
  kind: SegmentKind,
): void {
  const value = getOwnProperty(container, field);
  if (typeof value === "string") builder.text([...path, field], role, kind, value);
  else builder.unscanned(path, `${field} is not a string`);
}
