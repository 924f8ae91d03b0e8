import { describe, expect, it } from "vitest";
import { eventCodec, requestCodec, validationCodec, type ValidationFields } from "./record-codecs";

const validationFields = (overrides: Partial<ValidationFields> = {}): ValidationFields => ({
  route: "/api/validate/request",
  direction: "request",
  envelopeBytes: Buffer.from(JSON.stringify({ requestPayload: '{"text":"héllo ✓"}', contextSource: "AGENTIC" })),
  payload: '{"text":"héllo ✓"}',
  contextSource: "AGENTIC",
  sessionId: "s-1",
  requestId: "r-1",
  skipThreat: false,
  verdict: null,
  action: null,
  latencyMs: 0.25,
  fault: null,
  ...overrides,
});

describe("validationCodec", () => {
  it("keeps the envelope as bytes and rebuilds the record on read", () => {
    const stored = validationCodec.pack(validationFields(), 7, Date.UTC(2026, 10, 25, 6, 0, 0));
    expect(Buffer.isBuffer(stored.envelopeBytes)).toBe(true);
    expect(Object.values(stored).filter((value) => typeof value === "object" && value !== null && !Buffer.isBuffer(value))).toEqual([]);

    const record = validationCodec.unpack(stored);
    expect(record).toMatchObject({
      id: 7,
      time: "2026-11-25T06:00:00.000Z",
      envelope: { requestPayload: '{"text":"héllo ✓"}', contextSource: "AGENTIC" },
      payload: '{"text":"héllo ✓"}',
      sessionId: "s-1",
      latencyMs: 0.25,
    });
    expect(record.parsedPayload).toEqual({ text: "héllo ✓" });
    expect(JSON.parse(JSON.stringify(record))).toMatchObject({ parsedPayload: { text: "héllo ✓" } });
  });

  it("returns the raw text as the envelope when it was not JSON", () => {
    const record = validationCodec.unpack(
      validationCodec.pack(validationFields({ envelopeBytes: Buffer.from("not json {"), payload: "" }), 1, 0),
    );
    expect(record.envelope).toBe("not json {");
    expect(record.payload).toBe("");
    expect(record.parsedPayload).toBeUndefined();
  });
});

describe("requestCodec and eventCodec", () => {
  it("round-trip every field", () => {
    const request = requestCodec.unpack(
      requestCodec.pack(
        { method: "POST", path: "/api/validate/request", query: "a=1", headers: { host: "x" }, bodyBytes: Buffer.from("{}") },
        3,
        0,
      ),
    );
    expect(request).toEqual({
      id: 3,
      time: "1970-01-01T00:00:00.000Z",
      method: "POST",
      path: "/api/validate/request",
      query: "a=1",
      headers: { host: "x" },
      body: "{}",
    });
    const event = eventCodec.unpack(eventCodec.pack({ source: "posted", kind: "ingest_data", route: "/api/ingestData", body: { a: 1 } }, 4, 0));
    expect(event).toEqual({ id: 4, time: "1970-01-01T00:00:00.000Z", source: "posted", kind: "ingest_data", route: "/api/ingestData", body: { a: 1 } });
  });
});
