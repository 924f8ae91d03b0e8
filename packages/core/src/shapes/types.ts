/**
 * The LLM API shapes the core understands. Each one has a request format, a
 * JSON response format and (except embeddings) a server-sent-events stream format.
 */
export type ApiShape =
  | "openai.chat"
  | "openai.completions"
  | "openai.responses"
  | "openai.embeddings"
  | "anthropic.messages";

/** A shape, or `unknown` when neither the route nor the body identifies one. */
export type DetectedShape = ApiShape | "unknown";

/** Which side of the LLM call is being guarded. */
export type Stage = "input" | "output";

/** A path into a JSON value: object keys and array indexes, from the root. */
export type JsonPath = ReadonlyArray<string | number>;

/** Who authored a piece of text, as the API shape labels it. */
export type SegmentRole =
  | "system"
  | "developer"
  | "user"
  | "assistant"
  | "tool"
  | "prompt"
  | "input"
  | "instructions"
  | "output";

/** What kind of text a segment is. */
export type SegmentKind =
  | "text"
  | "tool_call_arguments"
  | "tool_result"
  | "tool_use_input"
  | "refusal"
  | "reasoning";

/**
 * One scannable text inside a request or response body.
 *
 * `path` points at a JSON string in the body, except when `encoding` is `json`:
 * then it points at an arbitrary JSON value (Anthropic `tool_use.input`) and
 * `text` is that value's `JSON.stringify` form.
 */
export interface TextSegment {
  readonly path: JsonPath;
  readonly role: SegmentRole;
  readonly kind: SegmentKind;
  readonly text: string;
  readonly encoding?: "json";
}

/** A part of the body the core recognised but could not scan (an image, audio, an unknown item type). */
export interface UnscannedPart {
  readonly path: JsonPath;
  readonly reason: string;
}

/** Every scannable text of a body, and what was left unscanned. */
export interface Extraction {
  readonly shape: DetectedShape;
  readonly stage: Stage;
  readonly segments: ReadonlyArray<TextSegment>;
  readonly unscanned: ReadonlyArray<UnscannedPart>;
}
