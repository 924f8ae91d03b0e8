import { getStreamFormatHandler } from "./formats/get-stream-format-handler";
import { GuardrailError } from "../errors/guardrail-error";
import { describeFormat } from "./describe-format";
import type { SseEvent, StreamFormat } from "./types";

/** Accumulates the text deltas of a stream per key. */
export interface StreamAssembler {
  push(event: SseEvent): void;
  /** The text of every key seen so far, in first-seen order. */
  parts(): Array<{ key: string; text: string }>;
}

/**
 * Creates an assembler for audit mode: events are forwarded untouched and the assembled text is
 * scanned once at the end. Keys are the guard's (`c0`, `c0.t1`, `o0.c0`, `b2`, ...).
 */
export function createStreamAssembler(format: StreamFormat): StreamAssembler {
  const handler = getStreamFormatHandler(format);
  if (handler === undefined) {
    throw new GuardrailError({ code: "ERR_INVALID_OPTIONS", message: `unknown stream format ${describeFormat(format)}` });
  }
  const texts = new Map<string, string[]>();
  return {
    push(event) {
      for (const slot of handler.describe(event).slots) {
        const pieces = texts.get(slot.key);
        if (pieces === undefined) texts.set(slot.key, [slot.text]);
        else if (slot.text.length > 0) pieces.push(slot.text);
      }
    },
    parts() {
      return [...texts].map(([key, pieces]) => ({ key, text: pieces.join("") }));
    },
  };
}
