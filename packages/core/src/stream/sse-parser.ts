import type { SseEvent } from "./types";

/** An incremental `text/event-stream` parser. */
export interface SseParser {
  /** Feeds the next decoded chunk; returns the events it completed, in order. */
  push(chunk: string): SseEvent[];
  /**
   * The stream ended. Per the spec an event that was not terminated by a blank line is not
   * dispatched; we deliberately return it when it already has data lines, so a guard still
   * scans (and a proxy still forwards) the last event of an upstream that forgot the final
   * blank line. An unterminated last line is discarded, as the spec says. The parser is reset.
   */
  end(): SseEvent[];
}

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const BYTE_ORDER_MARK = 0xfeff;
const DIGITS = /^[0-9]+$/;

interface MutableSseEvent {
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

/**
 * Creates a parser for the WHATWG `text/event-stream` format. Lines end in CRLF, LF or CR (a CR
 * at the end of one chunk may be followed by the LF of the next). Each chunk is scanned once;
 * only an unterminated last line is carried over. `id` and `retry` are reported on the event
 * whose block contained them (a proxy re-serializes events as they came).
 */
export function createSseParser(): SseParser {
  let started = false;
  let skipLineFeed = false;
  let partialLine = "";
  let data: string | undefined;
  let eventType = "";
  let id: string | undefined;
  let retry: number | undefined;

  const reset = (): void => {
    data = undefined;
    eventType = "";
    id = undefined;
    retry = undefined;
  };

  const dispatch = (out: SseEvent[]): void => {
    if (data !== undefined) {
      const event: MutableSseEvent = { data };
      if (eventType !== "") event.event = eventType;
      if (id !== undefined) event.id = id;
      if (retry !== undefined) event.retry = retry;
      out.push(event);
    }
    reset();
  };

  const processLine = (line: string, out: SseEvent[]): void => {
    if (line.length === 0) {
      dispatch(out);
      return;
    }
    const colon = line.indexOf(":");
    if (colon === 0) return; // comment
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case "data":
        data = data === undefined ? value : `${data}\n${value}`;
        break;
      case "event":
        eventType = value;
        break;
      case "id":
        if (!value.includes("\u0000")) id = value;
        break;
      case "retry":
        if (DIGITS.test(value)) retry = Number.parseInt(value, 10);
        break;
      default:
        break; // unknown fields are ignored
    }
  };

  return {
    push(chunk) {
      const out: SseEvent[] = [];
      let start = 0;
      if (!started && chunk.length > 0) {
        started = true;
        if (chunk.charCodeAt(0) === BYTE_ORDER_MARK) start = 1;
      }
      if (skipLineFeed && start < chunk.length) {
        skipLineFeed = false;
        if (chunk.charCodeAt(start) === LINE_FEED) start += 1;
      }
      for (let index = start; index < chunk.length; index++) {
        const code = chunk.charCodeAt(index);
        if (code !== LINE_FEED && code !== CARRIAGE_RETURN) continue;
        const piece = chunk.slice(start, index);
        const line = partialLine.length === 0 ? piece : partialLine + piece;
        partialLine = "";
        processLine(line, out);
        if (code === CARRIAGE_RETURN) {
          if (index + 1 === chunk.length) skipLineFeed = true;
          else if (chunk.charCodeAt(index + 1) === LINE_FEED) index += 1;
        }
        start = index + 1;
      }
      if (start < chunk.length) partialLine += chunk.slice(start);
      return out;
    },
    end() {
      const out: SseEvent[] = [];
      dispatch(out);
      started = false;
      skipLineFeed = false;
      partialLine = "";
      return out;
    },
  };
}
