import type { JsonValue } from "../../util/json";
import type { SseEvent } from "../types";
import { choiceKey, createChoicesTracker, isDoneSentinel, rewriteChoicesChunk } from "./choices-stream";
import { asArray, asIndex, asObject, ownValue, parseObject } from "./json-access";
import { globalDescription } from "./global-description";
import { createIndexedNames } from "./indexed-names";
import type { EventDescription, PayloadPath, RewriteOptions, StreamFormatHandler, TextSlot } from "./stream-format-handler";

const NONE: ReadonlyArray<never> = Object.freeze([]);
const textPath = createIndexedNames((position): PayloadPath => Object.freeze(["choices", position, "text"]));

function describeCompletionChunk(event: SseEvent): EventDescription {
  if (isDoneSentinel(event.data)) return globalDescription(undefined, undefined, true);
  const payload = parseObject(event.data);
  const choices = payload === undefined ? undefined : asArray(ownValue(payload, "choices"));
  if (payload === undefined || choices === undefined || choices.length === 0) return globalDescription(payload, undefined);
  const usage = ownValue(payload, "usage");
  let slots: TextSlot[] | undefined;
  let scopes: string[] | undefined = usage !== undefined && usage !== null ? ["*"] : undefined;
  let completes: string[] | undefined;
  for (let position = 0; position < choices.length; position++) {
    const choice = asObject(choices[position]);
    if (choice === undefined) {
      (scopes ??= []).push("*");
      continue;
    }
    const key = choiceKey(asIndex(ownValue(choice, "index")) ?? position);
    const text = ownValue(choice, "text");
    if (typeof text === "string") (slots ??= []).push({ key, text, path: textPath(position) });
    else (scopes ??= []).push(key);
    const finishReason = ownValue(choice, "finish_reason");
    if (finishReason !== undefined && finishReason !== null) {
      (scopes ??= []).push(key);
      (completes ??= []).push(key);
    }
  }
  return { payload, type: undefined, slots: slots ?? NONE, scopes: scopes ?? NONE, completes: completes ?? NONE, endMarker: false };
}

function adjustChoice(choiceValue: JsonValue, options: RewriteOptions): JsonValue {
  const choice = asObject(choiceValue);
  if (choice === undefined || options.keepClosing) return choiceValue;
  const finishReason = ownValue(choice, "finish_reason");
  return finishReason === undefined || finishReason === null ? choice : { ...choice, finish_reason: null };
}

/** OpenAI legacy Completions streams (`text_completion`). */
export const openAICompletionsFormat: StreamFormatHandler = {
  format: "openai.completions",
  keepsReleasedText: false,
  describe: describeCompletionChunk,
  rewrite: (payload, edits, options) => rewriteChoicesChunk(payload, edits, options, adjustChoice),
  createTracker: () =>
    createChoicesTracker((header, index) => ({
      id: header.id ?? null,
      object: "text_completion",
      created: header.created ?? null,
      model: header.model ?? null,
      choices: [{ index, text: "", finish_reason: "content_filter", logprobs: null }],
    })),
};
