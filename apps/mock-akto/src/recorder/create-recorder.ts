import type { EventRecord, RequestRecord, ValidationRecord } from "../types";
import { createRecordStream, type RecordStream } from "./create-record-stream";
import {
  eventCodec,
  requestCodec,
  validationCodec,
  type EventFields,
  type RequestFields,
  type ValidationFields,
} from "./record-codecs";

export interface Recorder {
  validations: RecordStream<ValidationFields, ValidationRecord>;
  events: RecordStream<EventFields, EventRecord>;
  requests: RecordStream<RequestFields, RequestRecord>;
  clear(): void;
}

export function createRecorder(limit: number): Recorder {
  const validations = createRecordStream("validations", limit, validationCodec);
  const events = createRecordStream("events", limit, eventCodec);
  const requests = createRecordStream("requests", limit, requestCodec);
  return {
    validations,
    events,
    requests,
    clear() {
      validations.clear();
      events.clear();
      requests.clear();
    },
  };
}
