import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serializeSseEvent } from "./serialize-sse-event";
import { parseTranscript } from "./test-utils/fixtures";
import type { SseEvent } from "./types";

describe("serializeSseEvent", () => {
  it("should write the event name, then one data line per line, then a blank line", () => {
    expect(serializeSseEvent({ event: "message_stop", data: '{"type":"message_stop"}' })).toBe(
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
    expect(serializeSseEvent({ data: "one\ntwo\n" })).toBe("data: one\ndata: two\ndata: \n\n");
    expect(serializeSseEvent({ data: "[DONE]", id: "9", retry: 1500 })).toBe("id: 9\nretry: 1500\ndata: [DONE]\n\n");
  });

  it("should not let line breaks in the event name or id inject fields", () => {
    const text = serializeSseEvent({ event: "a\ndata: injected", id: "1\r\nevent: x", data: "real" });
    expect(parseTranscript(text)).toEqual([{ event: "adata: injected", id: "1event: x", data: "real" }]);
  });

  it("should round-trip through the parser", () => {
    const line = fc.string({ unit: fc.constantFrom("a", " ", ":", "é", "😊", "{", '"', "\n") });
    const name = fc.string({ unit: fc.constantFrom("a", "b", ".", "_"), minLength: 1 });
    const event = fc.record(
      { event: name, data: line, id: fc.string({ unit: fc.constantFrom("1", "x", " ") }), retry: fc.nat() },
      { requiredKeys: ["data"] },
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 5 }), (events: SseEvent[]) => {
        expect(parseTranscript(events.map(serializeSseEvent).join(""))).toEqual(events);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
