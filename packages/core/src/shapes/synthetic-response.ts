import type { JsonValue } from "../util/json";
import { GuardrailError } from "../errors/guardrail-error";
import type { ApiShape, JsonPath } from "./types";

/** One text to place in a synthetic response, under a caller-chosen key. */
export interface SyntheticResponsePart {
  readonly key: string;
  readonly text: string;
}

/** A minimal JSON response of a shape, and where each part's text sits in it. */
export interface SyntheticResponse {
  readonly body: JsonValue;
  /** Part key → path of its text in `body`. A repeated key maps to its last part. */
  readonly keyPaths: ReadonlyMap<string, JsonPath>;
}

/**
 * Builds a minimal JSON response body of `shape` holding one text per part, in
 * part order, e.g. to send windows of a stream to Akto's response endpoint.
 * `extractResponseTexts(shape, body).segments` has exactly one segment per part,
 * in part order, at `keyPaths.get(part.key)`.
 *
 * - `openai.chat`: `choices[i].message.content`
 * - `openai.completions`: `choices[i].text`
 * - `openai.responses`: `output[0].content[i].text` (output_text parts of one message)
 * - `anthropic.messages`: `content[i].text` (text blocks)
 *
 * @throws {GuardrailError} code `ERR_SHAPE_NOT_SUPPORTED` for `openai.embeddings`, which has
 * no text response (embeddings never stream, so callers never need one).
 */
export function buildSyntheticResponse(shape: ApiShape, parts: ReadonlyArray<SyntheticResponsePart>): SyntheticResponse {
  const keyPaths = new Map<string, JsonPath>();
  switch (shape) {
    case "openai.chat":
      return {
        body: {
          object: "chat.completion",
          choices: parts.map((part, index) => {
            keyPaths.set(part.key, ["choices", index, "message", "content"]);
            return { index, message: { role: "assistant", content: part.text }, finish_reason: null };
          }),
        },
        keyPaths,
      };
    case "openai.completions":
      return {
        body: {
          object: "text_completion",
          choices: parts.map((part, index) => {
            keyPaths.set(part.key, ["choices", index, "text"]);
            return { index, text: part.text, finish_reason: null };
          }),
        },
        keyPaths,
      };
    case "openai.responses":
      return {
        body: {
          object: "response",
          output: [
            {
              type: "message",
              role: "assistant",
              content: parts.map((part, index) => {
                keyPaths.set(part.key, ["output", 0, "content", index, "text"]);
                return { type: "output_text", text: part.text, annotations: [] };
              }),
            },
          ],
        },
        keyPaths,
      };
    case "anthropic.messages":
      return {
        body: {
          type: "message",
          role: "assistant",
          content: parts.map((part, index) => {
            keyPaths.set(part.key, ["content", index, "text"]);
            return { type: "text", text: part.text };
          }),
        },
        keyPaths,
      };
    default:
      throw new GuardrailError({ code: "ERR_SHAPE_NOT_SUPPORTED", message: `${String(shape)} has no text response to synthesise` });
  }
}
