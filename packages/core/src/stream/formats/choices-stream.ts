import type { JsonValue } from "../../util/json";
import type { SseEvent } from "../types";
import { asArray, asIndex, asObject, ownValue } from "./json-access";
import { withTextEdits } from "./with-text-edits";
import type { JsonObject, RewriteOptions, StreamFormatTracker, TextEdit } from "./stream-format-handler";

// Shared by the two OpenAI formats whose chunks carry a `choices` array (chat and completions).

const HEADER_FIELDS: ReadonlyArray<string> = Object.freeze(["id", "created", "model"]);

/** Whether the data is the `[DONE]` sentinel that ends OpenAI streams. */
export function isDoneSentinel(data: string): boolean {
  return data === "[DONE]" || data.trim() === "[DONE]";
}

/** Rewrites the delta texts of a chunk, and drops once-only fields on the sides of a split. */
export function rewriteChoicesChunk(
  payload: JsonObject,
  edits: ReadonlyArray<TextEdit>,
  options: RewriteOptions,
  adjust: (choice: JsonValue, options: RewriteOptions) => JsonValue,
): JsonObject {
  const edited = withTextEdits(payload, edits);
  if (options.keepOpening && options.keepClosing) return edited;
  const choices = asArray(ownValue(edited, "choices"));
  if (choices === undefined) return edited;
  return { ...edited, choices: choices.map((choice) => adjust(choice, options)) };
}

/**
 * Per-stream state shared by chat and completions: ids copied into the termination chunks,
 * choices seen, and choices whose finish reason already reached the client.
 */
export function createChoicesTracker(
  buildTermination: (header: JsonObject, index: number) => JsonObject,
): StreamFormatTracker {
  const header: JsonObject = {};
  const seen = new Set<number>();
  const finished = new Set<number>();
  const forEachChoice = (payload: JsonObject, visit: (index: number, choice: JsonObject) => void): void => {
    const choices = asArray(ownValue(payload, "choices"));
    if (choices === undefined) return;
    choices.forEach((value, position) => {
      const choice = asObject(value);
      if (choice !== undefined) visit(asIndex(ownValue(choice, "index")) ?? position, choice);
    });
  };
  return {
    observe(description) {
      const payload = description.payload;
      if (payload === undefined) return;
      for (const name of HEADER_FIELDS) {
        const value = ownValue(payload, name);
        if (header[name] === undefined && value !== undefined) header[name] = value;
      }
      forEachChoice(payload, (index) => seen.add(index));
    },
    release(_description, payload) {
      if (payload !== undefined) {
        forEachChoice(payload, (index, choice) => {
          const finishReason = ownValue(choice, "finish_reason");
          if (finishReason !== undefined && finishReason !== null) finished.add(index);
        });
      }
      return payload;
    },
    terminate() {
      const open = [...seen].filter((index) => !finished.has(index)).sort((first, second) => first - second);
      const events: SseEvent[] = open.map((index) => ({ data: JSON.stringify(buildTermination(header, index)) }));
      events.push({ data: "[DONE]" });
      return events;
    },
  };
}

