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

/**
 * The spec's algorithm written as plainly as possible (whole text, split into lines), to compare the
 * incremental parser against on random input.
 */
function referenceParse(text: string): SseEvent[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = input.split(/\r\n|\r|\n/);
  lines.pop(); // the unterminated last line (or "" after a final line break) is never processed
  const events: SseEvent[] = [];
  let data: string[] = [];
  let event = "";
  let id: string | undefined;
  let retry: number | undefined;
  const dispatch = () => {
    if (data.length > 0) {
      events.push({ data: data.join("\n"), ...(event === "" ? {} : { event }), ...(id === undefined ? {} : { id }), ...(retry === undefined ? {} : { retry }) });
    }
    data = [];
    event = "";
    id = undefined;
    retry = undefined;
  };
  for (const line of lines) {
    if (line === "") {
      dispatch();
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const raw = colon === -1 ? "" : line.slice(colon + 1);
    const value = raw.startsWith(" ") ? raw.slice(1) : raw;
    if (field === "data") data.push(value);
    else if (field === "event") event = value;
    else if (field === "id" && !value.includes("\u0000")) id = value;
    else if (field === "retry" && /^[0-9]+$/.test(value)) retry = Number.parseInt(value, 10);
  }
  dispatch();
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

  it("should match the spec's line-by-line algorithm on random input, however it is chunked", () => {
    // Mostly well-formed lines (a field, a value, a line ending), with stray fragments in between.
    const line = fc
      .tuple(
        fc.constantFrom("data: ", "data:", "data", "event: ", "id: ", "retry: ", ": ", "dat", "x: ", ""),
        fc.constantFrom("", "a", " b", "é😊", '{"k":1}', "12", "x:y", "\u0000"),
        fc.constantFrom("\n", "\r", "\r\n", "\n\n", "\r\n\r\n", "\r\r"),
      )
      .map((parts) => parts.join(""));
    const piece = fc.oneof({ weight: 4, arbitrary: line }, { weight: 1, arbitrary: fc.constantFrom("\uFEFF", ":", " ", "\r", "\n", "a") });
    // Cut positions: a few random ones, or every position (one code unit per chunk).
    const cutting = fc.oneof(fc.array(fc.nat(), { maxLength: 24 }), fc.constant("every" as const));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), cutting, (pieces, cutting) => {
        const text = pieces.join("");
        const positions = cutting === "every" ? Array.from({ length: text.length }, (_, index) => index) : cutting.map((seed) => seed % (text.length + 1));
        const cuts = [...new Set(positions)].sort((first, second) => first - second);
        const chunks: string[] = [];
        let start = 0;
        for (const cut of [...cuts, text.length]) {
          chunks.push(text.slice(start, cut));
          start = cut;
        }
        expect(parseChunks(chunks)).toEqual(referenceParse(text));
      }),
      { seed: 31337, numRuns: 3000 },
    );
  });

  it("should scan a chunk of many colon-less lines in linear time (each line is searched only up to its end)", () => {
    // 100 000 "data" lines without a colon in one chunk: a colon search running to the end of the chunk
    // from every line would take billions of steps here.
    const lines = 100_000;
    expect(parseChunks([`${"data\n".repeat(lines)}\n`])).toEqual([{ data: "\n".repeat(lines - 1) }]);
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
