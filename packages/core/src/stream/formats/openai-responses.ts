import type { JsonValue } from "../../util/json";
import type { SseEvent } from "../types";
import { asArray, asIndex, asObject, ownValue, parseObject } from "./json-access";
import { globalDescription } from "./global-description";
import { rewriteResponseOutputItem } from "./rewrite-response-output-item";
import { withReleasedText } from "./with-released-text";
import { withTextEdits } from "./with-text-edits";
import type {
  EventDescription,
  JsonObject,
  PayloadPath,
  ReleasedTextSource,
  StreamFormatHandler,
  StreamFormatTracker,
} from "./stream-format-handler";

// Stream keys: `o<output_index>.c<content_index>` (output text or refusal), `o<i>.a` (function call
// arguments), `o<i>.s<summary_index>` (reasoning summary); `o<i>` scopes a whole output item.

type KeyKind = "content" | "arguments" | "summary";

const DELTA_EVENTS: Readonly<Record<string, KeyKind>> = Object.freeze({
  "response.output_text.delta": "content",
  "response.refusal.delta": "content",
  "response.function_call_arguments.delta": "arguments",
  "response.reasoning_summary_text.delta": "summary",
});

/** Events that open (`added`) or close (`done`) one key. */
const KEY_EVENTS: Readonly<Record<string, { kind: KeyKind; completes: boolean }>> = Object.freeze({
  "response.content_part.added": { kind: "content", completes: false },
  "response.reasoning_summary_part.added": { kind: "summary", completes: false },
  "response.output_text.done": { kind: "content", completes: true },
  "response.refusal.done": { kind: "content", completes: true },
  "response.content_part.done": { kind: "content", completes: true },
  "response.function_call_arguments.done": { kind: "arguments", completes: true },
  "response.reasoning_summary_text.done": { kind: "summary", completes: true },
  "response.reasoning_summary_part.done": { kind: "summary", completes: true },
});

/** Aggregate events that repeat a key's full text in one field. */
const TEXT_AGGREGATES: Readonly<Record<string, string>> = Object.freeze({
  "response.output_text.done": "text",
  "response.refusal.done": "refusal",
  "response.function_call_arguments.done": "arguments",
  "response.reasoning_summary_text.done": "text",
});

/** The key kind of the text aggregates that are not output text or refusals. */
const DELTA_KINDS_OF_AGGREGATES: Readonly<Record<string, KeyKind>> = Object.freeze({
  "response.function_call_arguments.done": "arguments",
  "response.reasoning_summary_text.done": "summary",
});

const TERMINAL_EVENTS = new Set(["response.completed", "response.incomplete", "response.failed"]);

function lookup<T>(table: Readonly<Record<string, T>>, type: string | undefined): T | undefined {
  return type !== undefined && Object.hasOwn(table, type) ? table[type] : undefined;
}

function keyFor(payload: JsonObject, kind: KeyKind): string {
  const item = `o${asIndex(ownValue(payload, "output_index")) ?? "x"}`;
  if (kind === "arguments") return `${item}.a`;
  if (kind === "summary") return `${item}.s${asIndex(ownValue(payload, "summary_index")) ?? 0}`;
  return `${item}.c${asIndex(ownValue(payload, "content_index")) ?? 0}`;
}

const NONE: ReadonlyArray<never> = Object.freeze([]);
const DELTA_PATH: PayloadPath = Object.freeze(["delta"]);

// Every Responses event keeps its payload while held (`keepPayload`): the tracker renumbers
// `sequence_number` and rewrites aggregates as events are released, and once a window boundary split an
// event, nearly every later event is renumbered, so parsing again at release would cost more.
function describeResponseEvent(event: SseEvent): EventDescription {
  const payload = parseObject(event.data);
  if (payload === undefined) return globalDescription(undefined, event.event);
  const typeValue = ownValue(payload, "type");
  const type = typeof typeValue === "string" ? typeValue : event.event;
  const deltaKind = lookup(DELTA_EVENTS, type);
  if (deltaKind !== undefined) {
    const key = keyFor(payload, deltaKind);
    const delta = ownValue(payload, "delta");
    return typeof delta === "string"
      ? { payload, type, slots: [{ key, text: delta, path: DELTA_PATH }], scopes: NONE, completes: NONE, endMarker: false, keepPayload: true }
      : { payload, type, slots: NONE, scopes: [key], completes: NONE, endMarker: false, keepPayload: true };
  }
  const keyEvent = lookup(KEY_EVENTS, type);
  if (keyEvent !== undefined) {
    const key = keyFor(payload, keyEvent.kind);
    const scopes = [key];
    return { payload, type, slots: NONE, scopes, completes: keyEvent.completes ? scopes : NONE, endMarker: false, keepPayload: true };
  }
  if (type !== undefined && TERMINAL_EVENTS.has(type)) return globalDescription(payload, type, true, true, true);
  const outputIndex = asIndex(ownValue(payload, "output_index"));
  if (outputIndex === undefined) return globalDescription(payload, type, false, false, true);
  const scopes = [`o${outputIndex}`];
  const completes = type === "response.output_item.done" ? scopes : NONE;
  return { payload, type, slots: NONE, scopes, completes, endMarker: false, keepPayload: true };
}

/**
 * Aggregate events repeat text that was streamed as deltas. They are rewritten to the text the
 * client actually received, so a sanitized key never reappears in its original form.
 */
function rewriteAggregate(type: string | undefined, payload: JsonObject, source: ReleasedTextSource): JsonObject {
  const field = lookup(TEXT_AGGREGATES, type);
  if (field !== undefined) {
    return withReleasedText(payload, field, keyFor(payload, lookup(DELTA_KINDS_OF_AGGREGATES, type) ?? "content"), source);
  }
  if (type === "response.content_part.done" || type === "response.reasoning_summary_part.done") {
    const part = asObject(ownValue(payload, "part"));
    if (part === undefined) return payload;
    const partField = ownValue(part, "type") === "refusal" ? "refusal" : "text";
    const kind = type === "response.content_part.done" ? "content" : "summary";
    const nextPart = withReleasedText(part, partField, keyFor(payload, kind), source);
    return nextPart === part ? payload : { ...payload, part: nextPart };
  }
  if (type === "response.output_item.done") {
    const item = asObject(ownValue(payload, "item"));
    const outputIndex = asIndex(ownValue(payload, "output_index"));
    if (item === undefined || outputIndex === undefined) return payload;
    const nextItem = rewriteResponseOutputItem(item, outputIndex, source);
    return nextItem === item ? payload : { ...payload, item: nextItem };
  }
  if (type !== undefined && TERMINAL_EVENTS.has(type)) {
    const response = asObject(ownValue(payload, "response"));
    const output = response === undefined ? undefined : asArray(ownValue(response, "output"));
    if (response === undefined || output === undefined) return payload;
    let changed = false;
    const nextOutput = output.map((value, outputIndex) => {
      const item = asObject(value);
      const nextItem = item === undefined ? value : rewriteResponseOutputItem(item, outputIndex, source);
      changed ||= nextItem !== value;
      return nextItem;
    });
    return changed ? { ...payload, response: { ...response, output: nextOutput } } : payload;
  }
  return payload;
}

function setInMap<T>(map: Map<number, Map<number, T>>, outer: number, inner: number, value: T): void {
  let innerMap = map.get(outer);
  if (innerMap === undefined) {
    innerMap = new Map();
    map.set(outer, innerMap);
  }
  innerMap.set(inner, value);
}

function sortedEntries<T>(map: Map<number, T> | undefined): Array<[number, T]> {
  return map === undefined ? [] : [...map.entries()].sort((first, second) => first[0] - second[0]);
}

function createResponsesTracker(source: ReleasedTextSource): StreamFormatTracker {
  let created: JsonObject | undefined;
  let nextSequence: number | undefined;
  const items = new Map<number, { item: JsonObject; done: boolean }>();
  const contentParts = new Map<number, Map<number, JsonObject>>();
  const summaryParts = new Map<number, Map<number, JsonObject>>();

  const record = (type: string | undefined, payload: JsonObject): void => {
    if (type === "response.created") {
      created = asObject(ownValue(payload, "response")) ?? created;
      return;
    }
    const outputIndex = asIndex(ownValue(payload, "output_index"));
    if (outputIndex === undefined) return;
    if (type === "response.output_item.added" || type === "response.output_item.done") {
      const item = asObject(ownValue(payload, "item"));
      if (item !== undefined) items.set(outputIndex, { item, done: type === "response.output_item.done" });
      return;
    }
    const part = asObject(ownValue(payload, "part"));
    if (part === undefined) return;
    if (type === "response.content_part.added" || type === "response.content_part.done") {
      setInMap(contentParts, outputIndex, asIndex(ownValue(payload, "content_index")) ?? 0, part);
    } else if (type === "response.reasoning_summary_part.added" || type === "response.reasoning_summary_part.done") {
      setInMap(summaryParts, outputIndex, asIndex(ownValue(payload, "summary_index")) ?? 0, part);
    }
  };

  /** An output item as far as it reached the client, for the `response.incomplete` event. */
  const partialItem = (item: JsonObject, outputIndex: number): JsonObject => {
    const type = ownValue(item, "type");
    const result: JsonObject = { ...item, status: "incomplete" };
    if (type === "message") {
      result.content = sortedEntries(contentParts.get(outputIndex)).map(([contentIndex, part]): JsonValue => {
        const field = ownValue(part, "type") === "refusal" ? "refusal" : "text";
        return { ...part, [field]: source.releasedText(`o${outputIndex}.c${contentIndex}`) ?? ownValue(part, field) ?? "" };
      });
    } else if (type === "function_call") {
      result.arguments = source.releasedText(`o${outputIndex}.a`) ?? "";
    } else if (type === "reasoning") {
      result.summary = sortedEntries(summaryParts.get(outputIndex)).map(([summaryIndex, part]): JsonValue => ({
        ...part,
        text: source.releasedText(`o${outputIndex}.s${summaryIndex}`) ?? ownValue(part, "text") ?? "",
      }));
    }
    return result;
  };

  return {
    observe() {},
    release(event, payload) {
      if (payload === undefined) return payload;
      let result = rewriteAggregate(event.type, payload, source);
      const sequence = ownValue(result, "sequence_number");
      if (typeof sequence === "number") {
        nextSequence ??= sequence;
        // Split or dropped events shift the numbering; the client must see 0, 1, 2, ... without gaps.
        if (sequence !== nextSequence) result = { ...result, sequence_number: nextSequence };
        nextSequence += 1;
      }
      record(event.type, result);
      return result;
    },
    terminate() {
      const output = sortedEntries(items).map(([outputIndex, entry]) =>
        entry.done ? entry.item : partialItem(entry.item, outputIndex),
      );
      const response: JsonObject = {
        ...(created ?? { object: "response" }),
        status: "incomplete",
        incomplete_details: { reason: "content_filter" },
        output,
      };
      const data: JsonObject = { type: "response.incomplete" };
      if (nextSequence !== undefined) data.sequence_number = nextSequence;
      data.response = response;
      return [{ event: "response.incomplete", data: JSON.stringify(data) }];
    },
  };
}

/** OpenAI Responses streams (`response.created` … `response.completed`). */
export const openAIResponsesFormat: StreamFormatHandler = {
  format: "openai.responses",
  keepsReleasedText: true,
  describe: describeResponseEvent,
  rewrite: (payload, edits) => withTextEdits(payload, edits),
  createTracker: createResponsesTracker,
};
