import type { JsonValue } from "../../util/json";
import type { SseEvent } from "../types";
import { choiceKey, createChoicesTracker, isDoneSentinel, rewriteChoicesChunk } from "./choices-stream";
import { asArray, asIndex, asObject, ownValue, parseObject } from "./json-access";
import { globalDescription } from "./global-description";
import { createIndexedNames } from "./indexed-names";
import type {
  EventDescription,
  JsonObject,
  PayloadPath,
  RewriteOptions,
  StreamFormatHandler,
  TextSlot,
} from "./stream-format-handler";

const NONE: ReadonlyArray<never> = Object.freeze([]);
/** Content is scoped `c<i>.content` so that the choice's tool calls (`c<i>.t<j>`) are not inside it. */
const contentScope = createIndexedNames((index) => `c${index}.content`);
const refusalKey = createIndexedNames((index) => `c${index}.r`);
const functionKey = createIndexedNames((index) => `c${index}.f`);
const contentPath = createIndexedNames((position): PayloadPath => Object.freeze(["choices", position, "delta", "content"]));
const refusalPath = createIndexedNames((position): PayloadPath => Object.freeze(["choices", position, "delta", "refusal"]));
const functionPath = createIndexedNames(
  (position): PayloadPath => Object.freeze(["choices", position, "delta", "function_call", "arguments"]),
);

function describeChatChunk(event: SseEvent): EventDescription {
  if (isDoneSentinel(event.data)) return globalDescription(undefined, undefined, true);
  const payload = parseObject(event.data);
  const choices = payload === undefined ? undefined : asArray(ownValue(payload, "choices"));
  if (payload === undefined || choices === undefined || choices.length === 0) return globalDescription(payload, undefined);
  const usage = ownValue(payload, "usage");
  // Arrays are only allocated when something goes in them: most chunks carry one content delta and nothing else.
  let slots: TextSlot[] | undefined;
  let scopes: string[] | undefined = usage !== undefined && usage !== null ? ["*"] : undefined;
  let completes: string[] | undefined;
  let openingScopes: string[] | undefined;
  for (let position = 0; position < choices.length; position++) {
    const choice = asObject(choices[position]);
    if (choice === undefined) {
      (scopes ??= []).push("*");
      continue;
    }
    const index = asIndex(ownValue(choice, "index")) ?? position;
    const key = choiceKey(index);
    const finishReason = ownValue(choice, "finish_reason");
    if (finishReason !== undefined && finishReason !== null) {
      (scopes ??= []).push(key);
      (completes ??= []).push(key);
    }
    const delta = asObject(ownValue(choice, "delta"));
    if (delta === undefined) {
      (scopes ??= []).push(key);
      continue;
    }
    const content = ownValue(delta, "content");
    if (typeof content === "string") {
      (slots ??= []).push({ key, scope: contentScope(index), text: content, path: contentPath(position) });
    }
    const refusal = ownValue(delta, "refusal");
    if (typeof refusal === "string") (slots ??= []).push({ key: refusalKey(index), text: refusal, path: refusalPath(position) });
    if (ownValue(delta, "role") !== undefined) {
      // The role opens the whole choice: nothing of the choice may overtake it.
      (scopes ??= []).push(key);
      (openingScopes ??= []).push(key);
    }
    const functionCall = asObject(ownValue(delta, "function_call"));
    if (functionCall !== undefined) {
      const functionArguments = ownValue(functionCall, "arguments");
      if (typeof functionArguments === "string") {
        (slots ??= []).push({ key: functionKey(index), text: functionArguments, path: functionPath(position) });
      }
      if (ownValue(functionCall, "name") !== undefined) {
        (scopes ??= []).push(functionKey(index));
        (openingScopes ??= []).push(functionKey(index));
      }
    }
    const toolCalls = asArray(ownValue(delta, "tool_calls"));
    if (toolCalls === undefined) continue;
    for (let toolPosition = 0; toolPosition < toolCalls.length; toolPosition++) {
      const toolCall = asObject(toolCalls[toolPosition]);
      if (toolCall === undefined) {
        (scopes ??= []).push(key);
        continue;
      }
      const toolKey = `${key}.t${asIndex(ownValue(toolCall, "index")) ?? toolPosition}`;
      const toolFunction = asObject(ownValue(toolCall, "function"));
      const toolArguments = toolFunction === undefined ? undefined : ownValue(toolFunction, "arguments");
      if (typeof toolArguments === "string") {
        (slots ??= []).push({
          key: toolKey,
          text: toolArguments,
          path: ["choices", position, "delta", "tool_calls", toolPosition, "function", "arguments"],
        });
      }
      if (
        ownValue(toolCall, "id") !== undefined ||
        ownValue(toolCall, "type") !== undefined ||
        (toolFunction !== undefined && ownValue(toolFunction, "name") !== undefined)
      ) {
        (scopes ??= []).push(toolKey);
        (openingScopes ??= []).push(toolKey);
      }
    }
  }
  return {
    payload,
    type: undefined,
    slots: slots ?? NONE,
    scopes: scopes ?? NONE,
    openingScopes: openingScopes ?? NONE,
    completes: completes ?? NONE,
    endMarker: false,
  };
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
