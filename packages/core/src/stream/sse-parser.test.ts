import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSseParser } from "./sse-parser";
import { FIXTURES, parseTranscript, readFixture } from "./test-utils/fixtures";
import type { SseEvent } from "./types";

function parseChunks(chunks: ReadonlyArray<string>): SseEvent[] {
  const parser = createSseParser();
  const events: SseEvent[] = [];
  for (const chunk of chunks) events.push(...parser.push(chunk));
  events.push(...parser.end());
  return events;
}

/** Decodes bytes cut at the given positions the way adapters do (streaming TextDecoder). */
function parseByteCuts(bytes: Uint8Array, cuts: ReadonlyArray<number>): SseEvent[] {
  const decoder = new TextDecoder("utf-8");
  const parser = createSseParser();
  const events: SseEvent[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...parser.push(decoder.decode(bytes.subarray(start, cut), { stream: true })));
    start = cut;
  }
  events.push(...parser.push(decoder.decode()));
  events.push(...parser.end());
  return events;
}

const SPEC_TRANSCRIPT =
  "\uFEFF: a comment\r\n" +
  "retry: 3000\r\n" +
  "event: update\r\n" +
  "id: 41\r\n" +
  "data: first line\r\n" +
  "data:  second line keeps one space\r\n" +
  "data\r\n" +
  "\r\n" +
  "data:no space\r" +
  "unknown: field\r" +
  "\r" +
  "\n" +
  "event: empty\n" +
  "\n" +
  "data: {\"last\":true}\n" +
  "\n";

const SPEC_EVENTS: SseEvent[] = [
  { event: "update", id: "41", retry: 3000, data: "first line\n second line keeps one space\n" },
  { data: "no space" },
  { data: '{"last":true}' },
];

describe("createSseParser", () => {
  it("should parse the spec features: BOM, comments, CRLF/CR/LF, multi-line data, fields, blank-line dispatch", () => {
    expect(parseChunks([SPEC_TRANSCRIPT])).toEqual(SPEC_EVENTS);
  });

  it("should yield the same events for a two-chunk cut at every position of the spec transcript", () => {
    for (let cut = 0; cut <= SPEC_TRANSCRIPT.length; cut++) {
      expect(parseChunks([SPEC_TRANSCRIPT.slice(0, cut), SPEC_TRANSCRIPT.slice(cut)]), `cut at ${cut}`).toEqual(SPEC_EVENTS);
    }
  });

  it("should keep a CR at a chunk end paired with the LF that starts the next chunk, across empty chunks", () => {
    expect(parseChunks(["data: a\r", "", "\ndata: b\r", "\n\r", "\n"])).toEqual([{ data: "a\nb" }]);
    // A lone CR followed by a non-LF character ends the line on its own.
    expect(parseChunks(["data: a\r", "\r"])).toEqual([{ data: "a" }]);
  });

  it("should strip a byte order mark only at the very start of the stream", () => {
    expect(parseChunks(["", "\uFEFFdata: x\n\n"])).toEqual([{ data: "x" }]);
    expect(parseChunks(["data: x\n\n", "\uFEFFdata: y\n\n"])).toEqual([{ data: "x" }]);
  });

  it("should ignore invalid id and retry values and not dispatch blocks without data", () => {
    expect(parseChunks(["id: a\u0000b\nretry: 12x\nevent: e\ndata: d\n\nretry: 5\nid: 7\n\n"])).toEqual([{ event: "e", data: "d" }]);
  });

  it("should treat a field without a colon as a field with an empty value", () => {
    expect(parseChunks(["data\ndata\n\n"])).toEqual([{ data: "\n" }]);
  });

  it("should return a pending event that has data on end(), and discard an unterminated line", () => {
    expect(parseChunks(["data: complete line\n"])).toEqual([{ data: "complete line" }]);
    expect(parseChunks(["data: a\n\ndata: cut off"])).toEqual([{ data: "a" }]);
    expect(parseChunks(["event: only\n"])).toEqual([]);
  });

  it("should be reusable after end()", () => {
    const parser = createSseParser();
    expect(parser.push("data: one\n")).toEqual([]);
    expect(parser.end()).toEqual([{ data: "one" }]);
    expect(parser.push("\uFEFFdata: two\n\n")).toEqual([{ data: "two" }]);
  });

  for (const { name } of FIXTURES) {
    describe(name, () => {
      const text = readFixture(name);
      const expected = parseTranscript(text);
      const bytes = new TextEncoder().encode(text);

      it("should find every event of the transcript", () => {
        expect(expected.length).toBe(text.split("\n\n").length - 1);
        expect(expected.every((event) => event.data.length > 0)).toBe(true);
      });

      it("should yield identical events when cut at every byte position (one byte per chunk)", () => {
        const everyByte = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
        expect(parseByteCuts(bytes, everyByte)).toEqual(expected);
      });

      it("should yield identical events for random byte chunkings", () => {
        fc.assert(
          fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), (cuts) => {
            expect(parseByteCuts(bytes, [...cuts].sort((first, second) => first - second))).toEqual(expected);
          }),
          { seed: 20251125, numRuns: 150 },
        );
      });

      it("should yield identical events with CRLF and CR line endings", () => {
        expect(parseChunks([text.replace(/\n/g, "\r\n")])).toEqual(expected);
        expect(parseChunks([text.replace(/\n/g, "\r")])).toEqual(expected);
        const crlf = text.replace(/\n/g, "\r\n");
        const middle = crlf.indexOf("\r\n") + 1;
        expect(parseChunks([crlf.slice(0, middle), crlf.slice(middle)])).toEqual(expected);
      });
    });
  }
});
