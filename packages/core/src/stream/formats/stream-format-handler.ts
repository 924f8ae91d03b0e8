import type { JsonValue } from "../../util/json";
import type { SseEvent, StreamFormat } from "../types";

/** A parsed JSON object (an event's `data`). */
export type JsonObject = { [key: string]: JsonValue };

/** Object keys and array indexes leading from an event's payload to one JSON string. */
export type PayloadPath = ReadonlyArray<string | number>;

/** One text delta inside an event: which stream key it extends, with what, and where it sits. */
export interface TextSlot {
  /** Stream key, e.g. `c0`, `c0.t1`, `o2.c0`, `b1`. */
  readonly key: string;
  readonly text: string;
  readonly path: PayloadPath;
  /**
   * The key's ordering scope when it differs from the key: chat content `c0` is scoped
   * `c0.content` so that it does not contain the tool calls `c0.t1` of the same choice.
   */
  readonly scope?: string;
}

/**
 * What the guard needs to know about one upstream event, computed once per event.
 *
 * Scopes order events: an event must not overtake an earlier held event whose key or scope
 * overlaps one of its own (`c0` overlaps `c0` and `c0.t1`; `*` overlaps everything).
 */
export interface EventDescription {
  /** The parsed `data`, when it is a JSON object. */
  readonly payload: JsonObject | undefined;
  /** The event's `type` (Responses, Anthropic) when it has one. */
  readonly type: string | undefined;
  /** Text deltas carried by the event (possibly empty strings). */
  readonly slots: ReadonlyArray<TextSlot>;
  /** Scopes of everything in the event that is not a text delta (role, finish reason, block start, ...). */
  readonly scopes: ReadonlyArray<string>;
  /**
   * The part of `scopes` that belongs to fields only the first copy of a split event carries
   * (chat `role`, tool call `id`/`name`): once that copy is out, the rest of the event no longer
   * has these scopes.
   */
  readonly openingScopes?: ReadonlyArray<string>;
  /** Scopes whose text is complete once this event has been seen. */
  readonly completes: ReadonlyArray<string>;
  /** The format's end-of-stream marker (`[DONE]`, `message_stop`, `response.completed`). */
  readonly endMarker: boolean;
  /**
   * The tracker reads the payload when this event is released unchanged. Without it the guard keeps
   * only the event while it is held (and parses its data again in the rare case it must rewrite it), so
   * a held event costs a few small objects instead of its whole parsed JSON tree.
   */
  readonly keepPayload?: boolean;
}

/** What a tracker learns about an event as it is released. */
export interface ReleasedEvent {
  /** The event's `type` (Responses, Anthropic) when it has one. */
  readonly type: string | undefined;
  /** Scopes whose text is complete once this event has been seen (see {@link EventDescription.completes}). */
  readonly completes: ReadonlyArray<string>;
}

export interface TextEdit {
  readonly path: PayloadPath;
  readonly text: string;
}

/** How a rewritten copy of a split event treats the fields that open or close a stream key. */
export interface RewriteOptions {
  /** Keep fields that must appear once at the start (chat `role`, tool call `id`/`name`). */
  readonly keepOpening: boolean;
  /** Keep fields that must appear once at the end (chat/completions `finish_reason`). */
  readonly keepClosing: boolean;
}

/** What a tracker may ask the guard about the text released so far. */
export interface ReleasedTextSource {
  /** The full text released for a key, or `undefined` for a key the guard never saw. */
  releasedText(key: string): string | undefined;
}

/** Per-stream state of a format: renumbering, aggregate rewriting and the termination on block. */
export interface StreamFormatTracker {
  /** Called for every upstream event when it arrives. */
  observe(description: EventDescription): void;
  /**
   * Called for every event (or copy of a split event) as it is released. `payload` is what will be sent:
   * the rewritten payload of a split or sanitized event, the kept payload of an unchanged event described
   * with `keepPayload`, else `undefined`. `closing` is false for a first copy of a split event, which
   * carries none of the event's closing fields (finish reasons). Returns the payload to send: the same
   * object when unchanged.
   */
  release(event: ReleasedEvent, payload: JsonObject | undefined, closing: boolean): JsonObject | undefined;
  /** The spec-valid events that end the stream after a block. */
  terminate(): SseEvent[];
}

/** Everything the stream code knows about one stream format. */
export interface StreamFormatHandler {
  readonly format: StreamFormat;
  /** Whether the tracker needs `releasedText` (Responses aggregates and termination). */
  readonly keepsReleasedText: boolean;
  describe(event: SseEvent): EventDescription;
  /** A new payload with the given texts written at their paths. */
  rewrite(payload: JsonObject, edits: ReadonlyArray<TextEdit>, options: RewriteOptions): JsonObject;
  createTracker(source: ReleasedTextSource): StreamFormatTracker;
}
