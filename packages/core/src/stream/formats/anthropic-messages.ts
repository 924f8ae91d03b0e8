import type { SseEvent } from "../types";
import { asIndex, asObject, ownValue, parseObject } from "./json-access";
import { globalDescription } from "./global-description";
import { withTextEdits } from "./with-text-edits";
import type { EventDescription, JsonObject, StreamFormatHandler, StreamFormatTracker } from "./stream-format-handler";

/** Which field of a `content_block_delta` carries text, per delta type. */
const DELTA_TEXT_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  text_delta: "text",
  input_json_delta: "partial_json",
  thinking_delta: "thinking",
});

/** Which field of a `content_block_start` block may carry initial text, per block type. */
const START_TEXT_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  text: "text",
  thinking: "thinking",
});

function fieldFor(table: Readonly<Record<string, string>>, type: unknown): string | undefined {
  return typeof type === "string" && Object.hasOwn(table, type) ? table[type] : undefined;
}

function describeMessageEvent(event: SseEvent): EventDescription {
  const payload = parseObject(event.data);
  if (payload === undefined) return globalDescription(undefined, event.event);
  const typeValue = ownValue(payload, "type");
  const type = typeof typeValue === "string" ? typeValue : event.event;
  const block = `b${asIndex(ownValue(payload, "index")) ?? "x"}`;
  switch (type) {
    case "content_block_delta": {
      const delta = asObject(ownValue(payload, "delta"));
      const field = delta === undefined ? undefined : fieldFor(DELTA_TEXT_FIELDS, ownValue(delta, "type"));
      const text = delta === undefined || field === undefined ? undefined : ownValue(delta, field);
      if (typeof text === "string" && field !== undefined) {
        const slots = [{ key: block, text, path: ["delta", field] }];
        return { payload, type, slots, scopes: [], completes: [], endMarker: false };
      }
      // signature_delta, citations_delta and unknown deltas carry no scannable text.
      return { payload, type, slots: [], scopes: [block], completes: [], endMarker: false };
    }
    case "content_block_start": {
      const contentBlock = asObject(ownValue(payload, "content_block"));
      const field = contentBlock === undefined ? undefined : fieldFor(START_TEXT_FIELDS, ownValue(contentBlock, "type"));
      const text = contentBlock === undefined || field === undefined ? undefined : ownValue(contentBlock, field);
      const slots =
        typeof text === "string" && field !== undefined ? [{ key: block, text, path: ["content_block", field] }] : [];
      return { payload, type, slots, scopes: [block], completes: [], endMarker: false };
    }
    case "content_block_stop":
      return { payload, type, slots: [], scopes: [block], completes: [block], endMarker: false };
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
    release(description, payload) {
      if (payload === undefined) return payload;
      const index = asIndex(ownValue(payload, "index"));
      if (index !== undefined && description.type === "content_block_start") openBlocks.add(index);
      if (index !== undefined && description.type === "content_block_stop") openBlocks.delete(index);
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
