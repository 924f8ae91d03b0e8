import type { JsonValue } from "../../util/json";
import type { SseEvent } from "../types";
import { asArray, asIndex, asObject, ownValue } from "./json-access";
import { createIndexedNames } from "./indexed-names";
import { withTextEdits } from "./with-text-edits";
import type { JsonObject, RewriteOptions, StreamFormatTracker, TextEdit } from "./stream-format-handler";

// Shared by the two OpenAI formats whose chunks carry a `choices` array (chat and completions).

const HEADER_FIELDS: ReadonlyArray<string> = Object.freeze(["id", "created", "model"]);

const LEFT_BRACE = 123;

/** Whether the data is the `[DONE]` sentinel that ends OpenAI streams. */
export function isDoneSentinel(data: string): boolean {
  if (data === "[DONE]") return true;
  // A JSON chunk (the usual case) starts with "{": no need to trim a copy of it.
  return data.charCodeAt(0) !== LEFT_BRACE && data.trim() === "[DONE]";
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

/** The stream key of choice `index` (`c0`, `c1`, ...). */
export const choiceKey = createIndexedNames((index) => `c${index}`);

/**
 * Per-stream state shared by chat and completions: ids copied into the termination chunks,
 * choices seen, and choices whose finish reason already reached the client.
 */
export function createChoicesTracker(
  buildTermination: (header: JsonObject, index: number) => JsonObject,
): StreamFormatTracker {
  const header: JsonObject = {};
  let headerComplete = false;
  const seen = new Set<number>();
  /** Keys (`c<i>`) of the choices whose finish reason was released. */
  const finished = new Set<string>();
  return {
    observe(description) {
      const payload = description.payload;
      if (payload === undefined) return;
      if (!headerComplete) {
        let missing = false;
        for (const name of HEADER_FIELDS) {
          if (header[name] !== undefined) continue;
          const value = ownValue(payload, name);
          if (value === undefined) missing = true;
          else header[name] = value;
        }
        headerComplete = !missing;
      }
      const choices = asArray(ownValue(payload, "choices"));
      if (choices === undefined) return;
      for (let position = 0; position < choices.length; position++) {
        const choice = asObject(choices[position]);
        if (choice !== undefined) seen.add(asIndex(ownValue(choice, "index")) ?? position);
      }
    },
    release(event, payload, closing) {
      // A choice's key is complete exactly when the chunk carries its finish reason; the first copy of a
      // split chunk does not carry it.
      if (closing) for (const key of event.completes) finished.add(key);
      return payload;
    },
    terminate() {
      const open = [...seen].filter((index) => !finished.has(choiceKey(index))).sort((first, second) => first - second);
      const events: SseEvent[] = open.map((index) => ({ data: JSON.stringify(buildTermination(header, index)) }));
      events.push({ data: "[DONE]" });
      return events;
    },
  };
}
