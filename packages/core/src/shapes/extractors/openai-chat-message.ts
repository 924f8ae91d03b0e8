import { isPlainObject } from "../../util/json";
import { describeType, type ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import type { JsonPath, SegmentKind, SegmentRole } from "../types";

const chatRoles: Readonly<Record<string, SegmentRole>> = {
  system: "system",
  developer: "developer",
  user: "user",
  assistant: "assistant",
  tool: "tool",
  function: "tool", // legacy function-calling result message
};

const unscannedPartReasons: Readonly<Record<string, string>> = {
  image_url: "image content is not scanned",
  input_audio: "audio content is not scanned",
  file: "file content is not scanned",
};

/**
 * One OpenAI Chat message (request `messages[i]` or response `choices[i].message`):
 * content, refusal, tool call arguments and legacy function call arguments.
 * An unknown or missing role falls back to `fallbackRole` so the text is still scanned.
 */
export function extractChatMessage(
  builder: ExtractionBuilder,
  message: unknown,
  path: JsonPath,
  fallbackRole: SegmentRole,
): void {
  if (!isPlainObject(message)) {
    builder.unscanned(path, "message is not an object");
    return;
  }
  const rawRole = getOwnProperty(message, "role");
  const role = (typeof rawRole === "string" && Object.hasOwn(chatRoles, rawRole) ? chatRoles[rawRole] : undefined) ?? fallbackRole;
  const kind: SegmentKind = role === "tool" ? "tool_result" : "text";
  extractChatContent(builder, getOwnProperty(message, "content"), [...path, "content"], role, kind);

  const refusal = getOwnProperty(message, "refusal");
  if (typeof refusal === "string") builder.text([...path, "refusal"], "assistant", "refusal", refusal);
  else if (refusal != null) builder.unscanned([...path, "refusal"], "refusal is not a string");

  const toolCalls = getOwnProperty(message, "tool_calls");
  if (Array.isArray(toolCalls)) {
    toolCalls.forEach((toolCall: unknown, index) => extractToolCall(builder, toolCall, [...path, "tool_calls", index]));
  } else if (toolCalls != null) {
    builder.unscanned([...path, "tool_calls"], "tool_calls is not an array");
  }

  const functionCall = getOwnProperty(message, "function_call");
  if (functionCall != null) extractArguments(builder, functionCall, [...path, "function_call"]);

  const audio = getOwnProperty(message, "audio");
  if (isPlainObject(audio) && getOwnProperty(audio, "transcript") !== undefined) {
    builder.unscanned([...path, "audio"], "audio output is not scanned");
  }
}

function extractChatContent(
  builder: ExtractionBuilder,
  content: unknown,
  path: JsonPath,
  role: SegmentRole,
  kind: SegmentKind,
): void {
  if (content == null) return;
  if (typeof content === "string") {
    builder.text(path, role, kind, content);
    return;
  }
  if (!Array.isArray(content)) {
    builder.unscanned(path, "content is not a string or an array");
    return;
  }
  content.forEach((part: unknown, index) => {
    const partPath = [...path, index];
    if (typeof part === "string") {
      builder.text(partPath, role, kind, part);
      return;
    }
    if (!isPlainObject(part)) {
      builder.unscanned(partPath, "content part is not an object");
      return;
    }
    const type = getOwnProperty(part, "type");
    if (type === "text") {
      const text = getOwnProperty(part, "text");
      if (typeof text === "string") builder.text([...partPath, "text"], role, kind, text);
      else builder.unscanned(partPath, "text part has no string text");
    } else if (type === "refusal") {
      const refusal = getOwnProperty(part, "refusal");
      if (typeof refusal === "string") builder.text([...partPath, "refusal"], role, "refusal", refusal);
      else builder.unscanned(partPath, "refusal part has no string refusal");
    } else {
      const reason = typeof type === "string" && Object.hasOwn(unscannedPartReasons, type) ? unscannedPartReasons[type] : undefined;
      builder.unscanned(partPath, reason ?? `unrecognised content part type ${describeType(type)}`);
    }
  });
}

function extractToolCall(builder: ExtractionBuilder, toolCall: unknown, path: JsonPath): void {
  if (!isPlainObject(toolCall)) {
    builder.unscanned(path, "tool call is not an object");
    return;
  }
  const custom = getOwnProperty(toolCall, "custom");
  if (getOwnProperty(toolCall, "type") === "custom" || (custom !== undefined && getOwnProperty(toolCall, "function") === undefined)) {
    const input = isPlainObject(custom) ? getOwnProperty(custom, "input") : undefined;
    if (typeof input === "string") builder.text([...path, "custom", "input"], "assistant", "tool_call_arguments", input);
    else builder.unscanned(path, "custom tool call has no string input");
    return;
  }
  extractArguments(builder, getOwnProperty(toolCall, "function"), [...path, "function"]);
}

/** `function.arguments` of a tool call, or a legacy `function_call`. */
function extractArguments(builder: ExtractionBuilder, functionCall: unknown, path: JsonPath): void {
  const argumentsText = isPlainObject(functionCall) ? getOwnProperty(functionCall, "arguments") : undefined;
  if (typeof argumentsText === "string") builder.text([...path, "arguments"], "assistant", "tool_call_arguments", argumentsText);
  else if (argumentsText != null || !isPlainObject(functionCall)) builder.unscanned(path, "function call has no string arguments");
}
