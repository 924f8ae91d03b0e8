import type { EventRecord, RequestRecord, ValidationRecord } from "../types";
import { createRecordStream, type RecordStream } from "./create-record-stream";

export interface Recorder {
  validations: RecordStream<ValidationRecord>;
  events: RecordStream<EventRecord>;
  requests: RecordStream<RequestRecord>;
  clear(): void;
}

export function createRecorder(limit: number): Recorder {
  const validations = createRecordStream<ValidationRecord>("validations", limit);
  const events = createRecordStream<EventRecord>("events", limit);
  const requests = createRecordStream<RequestRecord>("requests", limit);
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
