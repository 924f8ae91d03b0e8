import type { SseEvent } from "../types";
import { asIndex, asObject, ownValue, parseObject } from "./json-access";
import { globalDescription } from "./global-description";
import { createIndexedNames } from "./indexed-names";
import { withTextEdits } from "./with-text-edits";
import type {
  EventDescription,
  JsonObject,
  PayloadPath,
  StreamFormatHandler,
  StreamFormatTracker,
} from "./stream-format-handler";

interface TextField {
  readonly field: string;
  readonly path: PayloadPath;
}

function textField(container: string, field: string): TextField {
  return Object.freeze({ field, path: Object.freeze([container, field]) });
}

/** Which field of a `content_block_delta` carries text, per delta type. */
const DELTA_TEXT_FIELDS: Readonly<Record<string, TextField>> = Object.freeze({
  text_delta: textField("delta", "text"),
  input_json_delta: textField("delta", "partial_json"),
  thinking_delta: textField("delta", "thinking"),
});

/** Which field of a `content_block_start` block may carry initial text, per block type. */
const START_TEXT_FIELDS: Readonly<Record<string, TextField>> = Object.freeze({
  text: textField("content_block", "text"),
  thinking: textField("content_block", "thinking"),
});

const NONE: ReadonlyArray<never> = Object.freeze([]);
const blockKey = createIndexedNames((index) => `b${index}`);
/** One-scope lists per block, shared by every event of the block. */
const blockScopes = createIndexedNames((index): ReadonlyArray<string> => Object.freeze([blockKey(index)]));
const UNINDEXED_SCOPES: ReadonlyArray<string> = Object.freeze(["bx"]);

function fieldFor(table: Readonly<Record<string, TextField>>, type: unknown): TextField | undefined {
  return typeof type === "string" && Object.hasOwn(table, type) ? table[type] : undefined;
}

function describeMessageEvent(event: SseEvent): EventDescription {
  const payload = parseObject(event.data);
  if (payload === undefined) return globalDescription(undefined, event.event);
  const typeValue = ownValue(payload, "type");
  const type = typeof typeValue === "string" ? typeValue : event.event;
  const index = asIndex(ownValue(payload, "index"));
  const block = index === undefined ? "bx" : blockKey(index);
  const scopes = index === undefined ? UNINDEXED_SCOPES : blockScopes(index);
  switch (type) {
    case "content_block_delta": {
      const delta = asObject(ownValue(payload, "delta"));
      const text = delta === undefined ? undefined : fieldFor(DELTA_TEXT_FIELDS, ownValue(delta, "type"));
      const value = delta === undefined || text === undefined ? undefined : ownValue(delta, text.field);
      if (typeof value === "string" && text !== undefined) {
        const slots = [{ key: block, text: value, path: text.path }];
        return { payload, type, slots, scopes: NONE, completes: NONE, endMarker: false };
      }
      // signature_delta, citations_delta and unknown deltas carry no scannable text.
      return { payload, type, slots: NONE, scopes, completes: NONE, endMarker: false };
    }
    case "content_block_start": {
      const contentBlock = asObject(ownValue(payload, "content_block"));
      const text = contentBlock === undefined ? undefined : fieldFor(START_TEXT_FIELDS, ownValue(contentBlock, "type"));
      const value = contentBlock === undefined || text === undefined ? undefined : ownValue(contentBlock, text.field);
      const slots = typeof value === "string" && text !== undefined ? [{ key: block, text: value, path: text.path }] : NONE;
      // The tracker records the block as open when its start reaches the client.
      return { payload, type, slots, scopes, completes: NONE, endMarker: false, keepPayload: true };
    }
    case "content_block_stop":
      return { payload, type, slots: NONE, scopes, completes: scopes, endMarker: false, keepPayload: true };
    case "message_delta": {
      const delta = asObject(ownValue(payload, "delta"));
      const stopReason = delta === undefined ? undefined : ownValue(delta, "stop_reason");
      return globalDescription(payload, type, false, stopReason !== undefined && stopReason !== null);
    }
    case "message_stop":
      return globalDescription(payload, type, true);
    default:
      // message_start, ping, error and unknown events keep their place in the whole stream.
      return globalDescription(payload, type);
  }
}

function readOutputTokens(payload: JsonObject): number | undefined {
  const message = asObject(ownValue(payload, "message"));
  const usage = asObject(ownValue(message ?? payload, "usage"));
  const outputTokens = usage === undefined ? undefined : ownValue(usage, "output_tokens");
  return typeof outputTokens === "number" && Number.isFinite(outputTokens) ? outputTokens : undefined;
}

function createMessagesTracker(): StreamFormatTracker {
  const openBlocks = new Set<number>();
  let outputTokens = 0;
  return {
    observe(description) {
      if (description.payload === undefined) return;
      if (description.type === "message_start" || description.type === "message_delta") {
        outputTokens = readOutputTokens(description.payload) ?? outputTokens;
      }
    },
    release(event, payload) {
      if (payload === undefined) return payload;
      const index = asIndex(ownValue(payload, "index"));
      if (index !== undefined && event.type === "content_block_start") openBlocks.add(index);
      if (index !== undefined && event.type === "content_block_stop") openBlocks.delete(index);
      return payload;
    },
    terminate() {
      const events: SseEvent[] = [...openBlocks]
        .sort((first, second) => first - second)
        .map((index) => ({ event: "content_block_stop", data: JSON.stringify({ type: "content_block_stop", index }) }));
      events.push({
        event: "message_delta",
        data: JSON.stringify({
          type: "message_delta",
          delta: { stop_reason: "refusal", stop_sequence: null },
          usage: { output_tokens: outputTokens },
        }),
      });
      events.push({ event: "message_stop", data: JSON.stringify({ type: "message_stop" }) });
      return events;
    },
  };
}

/** Anthropic Messages streams (`message_start` … `message_stop`). */
export const anthropicMessagesFormat: StreamFormatHandler = {
  format: "anthropic.messages",
  keepsReleasedText: false,
  describe: describeMessageEvent,
  rewrite: (payload, edits) => withTextEdits(payload, edits),
  createTracker: createMessagesTracker,
};
