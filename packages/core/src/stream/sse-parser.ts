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
const SPACE = 32;
const COLON = 58;
const LOWER_D = 100;
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
 * at the end of one chunk may be followed by the LF of the next). Each chunk is scanned once, with
 * native `indexOf` searches for the line breaks; a field's value is the only substring taken from a
 * line, and only an unterminated last line is carried over (and copied) into the next chunk. `id` and
 * `retry` are reported on the event whose block contained them (a proxy re-serializes events as they came).
 */
export function createSseParser(): SseParser {
  let started = false;
  let skipLineFeed = false;
  let partialLine = "";
  let data: string | undefined;
  let eventType = "";
  let id: string | undefined;
  let retry: number | undefined;

  const dispatch = (out: SseEvent[]): void => {
    if (data !== undefined) {
      const event: MutableSseEvent = { data };
      if (eventType !== "") event.event = eventType;
      if (id !== undefined) event.id = id;
      if (retry !== undefined) event.retry = retry;
      out.push(event);
    }
    data = undefined;
    eventType = "";
    id = undefined;
    retry = undefined;
  };

  const addData = (value: string): void => {
    data = data === undefined ? value : `${data}\n${value}`;
  };

  /** Processes the line `text[start, end)` (without its line break). */
  const processLine = (text: string, start: number, end: number, out: SseEvent[]): void => {
    if (start === end) {
      dispatch(out);
      return;
    }
    // The common case first: `data:` (with or without the optional space).
    if (text.charCodeAt(start) === LOWER_D && text.startsWith("data:", start)) {
      const valueStart = text.charCodeAt(start + 5) === SPACE && start + 5 < end ? start + 6 : start + 5;
      addData(text.slice(valueStart, end));
      return;
    }
    // Scan for the colon within this line only (never past its end).
    let colon = start;
    while (colon < end && text.charCodeAt(colon) !== COLON) colon++;
    if (colon === start) return; // comment
    const field = text.slice(start, colon);
    let valueStart = colon + 1;
    if (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
    const value = valueStart >= end ? "" : text.slice(valueStart, end);
    switch (field) {
      case "data":
        addData(value);
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
      const length = chunk.length;
      let start = 0;
      if (!started && length > 0) {
        started = true;
        if (chunk.charCodeAt(0) === BYTE_ORDER_MARK) start = 1;
      }
      if (skipLineFeed && start < length) {
        skipLineFeed = false;
        if (chunk.charCodeAt(start) === LINE_FEED) start += 1;
      }
      // Positions of the next LF and CR at or after `start` (-1: none left); each is searched again
      // only once passed, so a chunk is scanned once per character class.
      let nextLineFeed = chunk.indexOf("\n", start);
      let nextCarriageReturn = chunk.indexOf("\r", start);
      while (start < length) {
        let lineEnd: number;
        if (nextCarriageReturn === -1) lineEnd = nextLineFeed;
        else if (nextLineFeed === -1) lineEnd = nextCarriageReturn;
        else lineEnd = nextLineFeed < nextCarriageReturn ? nextLineFeed : nextCarriageReturn;
        if (lineEnd === -1) break;
        if (partialLine.length === 0) {
          processLine(chunk, start, lineEnd, out);
        } else {
          const line = partialLine + chunk.slice(start, lineEnd);
          partialLine = "";
          processLine(line, 0, line.length, out);
        }
        let next = lineEnd + 1;
        if (chunk.charCodeAt(lineEnd) === CARRIAGE_RETURN) {
          if (next === length) skipLineFeed = true;
          else if (chunk.charCodeAt(next) === LINE_FEED) next += 1;
        }
        start = next;
        if (nextLineFeed !== -1 && nextLineFeed < start) nextLineFeed = chunk.indexOf("\n", start);
        if (nextCarriageReturn !== -1 && nextCarriageReturn < start) nextCarriageReturn = chunk.indexOf("\r", start);
      }
      if (start < length) partialLine += chunk.slice(start);
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
