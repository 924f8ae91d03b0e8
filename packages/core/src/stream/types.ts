/** One server-sent event as it appears on the wire (see the WHATWG `text/event-stream` spec). */
export interface SseEvent {
  /** The `event:` field, when present. */
  readonly event?: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  readonly id?: string;
  readonly retry?: number;
}

/** The stream formats the core can assemble and guard. Embeddings do not stream. */
export type StreamFormat = "openai.chat" | "openai.completions" | "openai.responses" | "anthropic.messages";
