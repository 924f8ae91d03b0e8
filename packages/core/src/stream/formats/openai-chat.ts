import type { JsonValue } from "../../util/json";
import type { SseEvent } from "../types";
import { createChoicesTracker, isDoneSentinel, rewriteChoicesChunk } from "./choices-stream";
import { asArray, asIndex, asObject, ownValue, parseObject } from "./json-access";
import { globalDescription } from "./global-description";
import type {
  EventDescription,
  JsonObject,
  RewriteOptions,
  StreamFormatHandler,
  TextSlot,
} from "./stream-format-handler";

function describeChatChunk(event: SseEvent): EventDescription {
  if (isDoneSentinel(event.data)) return globalDescription(undefined, undefined, true);
  const payload = parseObject(event.data);
  const choices = payload === undefined ? undefined : asArray(ownValue(payload, "choices"));
  if (payload === undefined || choices === undefined || choices.length === 0) return globalDescription(payload, undefined);
  const usage = ownValue(payload, "usage");
  const slots: TextSlot[] = [];
  const scopes: string[] = usage !== undefined && usage !== null ? ["*"] : [];
  const completes: string[] = [];
  const openingScopes: string[] = [];
  for (let position = 0; position < choices.length; position++) {
    const choice = asObject(choices[position]);
    if (choice === undefined) {
      scopes.push("*");
      continue;
    }
    const key = `c${asIndex(ownValue(choice, "index")) ?? position}`;
    const finishReason = ownValue(choice, "finish_reason");
    if (finishReason !== undefined && finishReason !== null) {
      scopes.push(key);
      completes.push(key);
    }
    const delta = asObject(ownValue(choice, "delta"));
    if (delta === undefined) {
      scopes.push(key);
      continue;
    }
    const base = ["choices", position, "delta"] as const;
    const content = ownValue(delta, "content");
    // Content is scoped `c<i>.content` so that the choice's tool calls (`c<i>.t<j>`) are not inside it.
    if (typeof content === "string") slots.push({ key, scope: `${key}.content`, text: content, path: [...base, "content"] });
    const refusal = ownValue(delta, "refusal");
    if (typeof refusal === "string") slots.push({ key: `${key}.r`, text: refusal, path: [...base, "refusal"] });
    if (ownValue(delta, "role") !== undefined) {
      // The role opens the whole choice: nothing of the choice may overtake it.
      scopes.push(key);
      openingScopes.push(key);
    }
    const functionCall = asObject(ownValue(delta, "function_call"));
    if (functionCall !== undefined) {
      const functionArguments = ownValue(functionCall, "arguments");
      if (typeof functionArguments === "string") {
        slots.push({ key: `${key}.f`, text: functionArguments, path: [...base, "function_call", "arguments"] });
      }
      if (ownValue(functionCall, "name") !== undefined) {
        scopes.push(`${key}.f`);
        openingScopes.push(`${key}.f`);
      }
    }
    const toolCalls = asArray(ownValue(delta, "tool_calls"));
    if (toolCalls === undefined) continue;
    for (let toolPosition = 0; toolPosition < toolCalls.length; toolPosition++) {
      const toolCall = asObject(toolCalls[toolPosition]);
      if (toolCall === undefined) {
        scopes.push(key);
        continue;
      }
      const toolKey = `${key}.t${asIndex(ownValue(toolCall, "index")) ?? toolPosition}`;
      const toolFunction = asObject(ownValue(toolCall, "function"));
      const toolArguments = toolFunction === undefined ? undefined : ownValue(toolFunction, "arguments");
      if (typeof toolArguments === "string") {
        slots.push({
          key: toolKey,
          text: toolArguments,
          path: [...base, "tool_calls", toolPosition, "function", "arguments"],
        });
      }
      if (
        ownValue(toolCall, "id") !== undefined ||
        ownValue(toolCall, "type") !== undefined ||
        (toolFunction !== undefined && ownValue(toolFunction, "name") !== undefined)
      ) {
        scopes.push(toolKey);
        openingScopes.push(toolKey);
      }
    }
  }
  return { payload, type: undefined, slots, scopes, openingScopes, completes, endMarker: false };
}

function withoutKeys(object: JsonObject, names: ReadonlyArray<string>): JsonObject {
  const copy = { ...object };
  for (const name of names) delete copy[name];
  return copy;
}

/** Drops once-only fields from one side of a split chunk: `role`/tool call ids at the start, `finish_reason` at the end. */
function adjustChoice(choiceValue: JsonValue, options: RewriteOptions): JsonValue {
  const choice = asObject(choiceValue);
  if (choice === undefined) return choiceValue;
  let result = choice;
  if (!options.keepClosing && ownValue(choice, "finish_reason") !== undefined && choice.finish_reason !== null) {
    result = { ...result, finish_reason: null };
  }
  const delta = asObject(ownValue(choice, "delta"));
  if (!options.keepOpening && delta !== undefined) {
    let nextDelta = withoutKeys(delta, ["role"]);
    const functionCall = asObject(ownValue(delta, "function_call"));
    if (functionCall !== undefined) nextDelta = { ...nextDelta, function_call: withoutKeys(functionCall, ["name"]) };
    const toolCalls = asArray(ownValue(delta, "tool_calls"));
    if (toolCalls !== undefined) {
      nextDelta = {
        ...nextDelta,
        tool_calls: toolCalls.map((toolCallValue) => {
          const toolCall = asObject(toolCallValue);
          if (toolCall === undefined) return toolCallValue;
          const toolFunction = asObject(ownValue(toolCall, "function"));
          const trimmed = withoutKeys(toolCall, ["id", "type"]);
          return toolFunction === undefined ? trimmed : { ...trimmed, function: withoutKeys(toolFunction, ["name"]) };
        }),
      };
    }
    result = { ...result, delta: nextDelta };
  }
  return result;
}

/** OpenAI Chat Completions streams (`chat.completion.chunk`). */
export const openAIChatFormat: StreamFormatHandler = {
  format: "openai.chat",
  keepsReleasedText: false,
  describe: describeChatChunk,
  rewrite: (payload, edits, options) => rewriteChoicesChunk(payload, edits, options, adjustChoice),
  createTracker: () =>
    createChoicesTracker((header, index) => ({
      id: header.id ?? null,
      object: "chat.completion.chunk",
      created: header.created ?? null,
      model: header.model ?? null,
      choices: [{ index, delta: {}, finish_reason: "content_filter", logprobs: null }],
    })),
};
