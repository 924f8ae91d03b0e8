import type { IncomingHttpHeaders } from "node:http";
import type { EventRecord, RequestRecord, ValidationRecord } from "../types";
import { parseJsonSafely } from "../util/parse-json-safely";
import type { RecordCodec } from "./create-record-stream";
import { defineLazyParsedPayload } from "./define-lazy-parsed-payload";

/*
 * Recording runs on every request and keeps up to `--record-limit` records, so what a record holds is what every
 * young-generation GC copies. Envelopes are kept as the bytes the request arrived in (outside the V8 heap, no copy)
 * and parsed only when read; the payload is the one string the route already had. With parsed envelopes, request
 * strings and per-record getters, a 1,000 req/s benchmark promoted ~4 KB of small objects per request and mock-akto's
 * GC pauses (7-15 ms) showed in every latency figure.
 */

const isoTime = (timeMs: number) => new Date(timeMs).toISOString();

export interface ValidationFields extends Omit<ValidationRecord, "id" | "time" | "envelope" | "payload" | "parsedPayload"> {
  /** The envelope text as received; `envelope` is parsed from it on read. */
  envelopeBytes: Buffer;
  payload: string;
}

interface StoredValidation extends ValidationFields {
  id: number;
  timeMs: number;
}

export const validationCodec: RecordCodec<ValidationFields, StoredValidation, ValidationRecord> = {
  pack(fields, id, timeMs) {
    return {
      id,
      timeMs,
      route: fields.route,
      direction: fields.direction,
      envelopeBytes: fields.envelopeBytes,
      payload: fields.payload,
      contextSource: fields.contextSource,
      sessionId: fields.sessionId,
      requestId: fields.requestId,
      skipThreat: fields.skipThreat,
      verdict: fields.verdict,
      action: fields.action,
      latencyMs: fields.latencyMs,
      fault: fields.fault,
    };
  },
  unpack(stored) {
    const envelopeText = stored.envelopeBytes.toString("utf8");
    const envelope = parseJsonSafely(envelopeText);
    const record: ValidationRecord = {
      id: stored.id,
      time: isoTime(stored.timeMs),
      route: stored.route,
      direction: stored.direction,
      envelope: envelope.success ? envelope.value : envelopeText,
      payload: stored.payload,
      parsedPayload: undefined,
      contextSource: stored.contextSource,
      sessionId: stored.sessionId,
      requestId: stored.requestId,
      skipThreat: stored.skipThreat,
      verdict: stored.verdict,
      action: stored.action,
      latencyMs: stored.latencyMs,
      fault: stored.fault,
    };
    defineLazyParsedPayload(record);
    return record;
  },
};

export interface RequestFields {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  bodyBytes: Buffer;
}

interface StoredRequest extends RequestFields {
  id: number;
  timeMs: number;
}

export const requestCodec: RecordCodec<RequestFields, StoredRequest, RequestRecord> = {
  pack: (fields, id, timeMs) => ({
    id,
    timeMs,
    method: fields.method,
    path: fields.path,
    query: fields.query,
    headers: fields.headers,
    bodyBytes: fields.bodyBytes,
  }),
  unpack: (stored) => ({
    id: stored.id,
    time: isoTime(stored.timeMs),
    method: stored.method,
    path: stored.path,
    query: stored.query,
    headers: stored.headers,
    body: stored.bodyBytes.toString("utf8"),
  }),
};

export type EventFields = Omit<EventRecord, "id" | "time">;

interface StoredEvent extends EventFields {
  id: number;
  timeMs: number;
}

/** Events are rare (blocked and modified verdicts, posted events): kept as they are. */
export const eventCodec: RecordCodec<EventFields, StoredEvent, EventRecord> = {
  pack: (fields, id, timeMs) => ({ id, timeMs, source: fields.source, kind: fields.kind, route: fields.route, body: fields.body }),
  unpack: (stored) => ({
    id: stored.id,
    time: isoTime(stored.timeMs),
    source: stored.source,
    kind: stored.kind,
    route: stored.route,
    body: stored.body,
  }),
};
