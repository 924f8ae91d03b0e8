import { isPlainObject } from "../../util/json";
import { describeType, type ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import type { JsonPath, SegmentKind, SegmentRole } from "../types";

const messageRoles: Readonly<Record<string, SegmentRole>> = {
  user: "user",
  system: "system",
  developer: "developer",
  assistant: "assistant",
};

const unscannedPartReasons: Readonly<Record<string, string>> = {
  input_image: "image content is not scanned",
  input_file: "file content is not scanned",
  input_audio: "audio content is not scanned",
};

/**
 * One OpenAI Responses item (request `input[i]` or response `output[i]`). Items
 * without a `type` are messages (the request's "easy input message" form).
 * Item types that carry no text we understand are reported as unscanned.
 */
export function extractResponsesItem(builder: ExtractionBuilder, item: unknown, path: JsonPath, fallbackRole: SegmentRole): void {
  if (!isPlainObject(item)) {
    builder.unscanned(path, "item is not an object");
    return;
  }
  const type = getOwnProperty(item, "type");
  switch (type) {
    case undefined:
    case "message": {
      const rawRole = getOwnProperty(item, "role");
      const role = (typeof rawRole === "string" && Object.hasOwn(messageRoles, rawRole) ? messageRoles[rawRole] : undefined) ?? fallbackRole;
      extractMessageContent(builder, getOwnProperty(item, "content"), [...path, "content"], role);
      return;
    }
    case "function_call":
      extractStringField(builder, item, "arguments", path, "assistant", "tool_call_arguments");
      return;
    case "custom_tool_call":
      extractStringField(builder, item, "input", path, "assistant", "tool_call_arguments");
      return;
    case "function_call_output":
    case "custom_tool_call_output":
      extractToolOutput(builder, getOwnProperty(item, "output"), [...path, "output"]);
      return;
    case "mcp_call":
      extractStringField(builder, item, "arguments", path, "assistant", "tool_call_arguments");
      if (getOwnProperty(item, "output") != null) extractStringField(builder, item, "output", path, "tool", "tool_result");
      return;
    case "reasoning":
      extractReasoningTexts(builder, getOwnProperty(item, "summary"), [...path, "summary"]);
      extractReasoningTexts(builder, getOwnProperty(item, "content"), [...path, "content"]);
      return;
    case "item_reference":
      return; // only an id of an item stored by OpenAI: no text in this body
    default:
      builder.unscanned(path, `unsupported item type ${describeType(type)}`);
  }
}

function extractMessageContent(builder: ExtractionBuilder, content: unknown, path: JsonPath, role: SegmentRole): void {
  if (typeof content === "string") {
    builder.text(path, role, "text", content);
    return;
  }
  if (!Array.isArray(content)) {
    builder.unscanned(path, content === undefined ? "message has no content" : "content is not a string or an array");
    return;
  }
  content.forEach((part: unknown, index) => {
    const partPath = [...path, index];
    if (!isPlainObject(part)) {
      builder.unscanned(partPath, "content part is not an object");
      return;
    }
    const type = getOwnProperty(part, "type");
    if (type === "input_text" || type === "output_text") extractStringField(builder, part, "text", partPath, role, "text");
    else if (type === "refusal") extractStringField(builder, part, "refusal", partPath, role, "refusal");
    else {
      const reason = typeof type === "string" && Object.hasOwn(unscannedPartReasons, type) ? unscannedPartReasons[type] : undefined;
      builder.unscanned(partPath, reason ?? `unrecognised content part type ${describeType(type)}`);
    }
  });
}

/** `function_call_output.output`: a string or an array of input_text / input_image / input_file parts. */
function extractToolOutput(builder: ExtractionBuilder, output: unknown, path: JsonPath): void {
  if (typeof output === "string") {
    builder.text(path, "tool", "tool_result", output);
    return;
  }
  if (!Array.isArray(output)) {
    builder.unscanned(path, "tool output is not a string or an array");
    return;
  }
  output.forEach((part: unknown, index) => {
    const partPath = [...path, index];
    const type = isPlainObject(part) ? getOwnProperty(part, "type") : undefined;
    if (isPlainObject(part) && type === "input_text") extractStringField(builder, part, "text", partPath, "tool", "tool_result");
    else {
      const reason = typeof type === "string" && Object.hasOwn(unscannedPartReasons, type) ? unscannedPartReasons[type] : undefined;
      builder.unscanned(partPath, reason ?? `unrecognised tool output part type ${describeType(type)}`);
    }
  });
}

/** Reasoning `summary[]` (summary_text) or `content[]` (reasoning_text) parts. */
function extractReasoningTexts(builder: ExtractionBuilder, parts: unknown, path: JsonPath): void {
  if (parts == null) return;
  if (!Array.isArray(parts)) {
    builder.unscanned(path, "reasoning parts are not an array");
    return;
  }
  parts.forEach((part: unknown, index) => {
    if (isPlainObject(part)) extractStringField(builder, part, "text", [...path, index], "assistant", "reasoning");
    else builder.unscanned([...path, index], "reasoning part is not an object");
  });
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
