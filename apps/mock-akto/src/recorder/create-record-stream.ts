import { MockAktoError } from "../mock-akto-error";
import { createBoundedLog } from "../util/create-bounded-log";

interface Waiter<T> {
  count: number;
  resolve(records: T[]): void;
  reject(error: MockAktoError): void;
  timer: NodeJS.Timeout;
}

export interface RecordStream<T extends { id: number }> {
  /** Stamps and stores a record; `prepare` may finish it (e.g. add lazy fields) before waiters see it. */
  push(record: Omit<T, "id" | "time">, prepare?: (record: T) => void): T;
  all(): T[];
  /** Newest `limit` records with an id above `sinceId`, oldest first. */
  recent(limit: number, sinceId: number): T[];
  clear(): void;
  waitFor(count: number, timeoutMs: number): Promise<T[]>;
  rejectWaiters(error: MockAktoError): void;
}

/** A bounded, id-stamped record list whose waiters are woken by pushes (no polling). */
export function createRecordStream<T extends { id: number; time: string }>(name: string, limit: number): RecordStream<T> {
  const log = createBoundedLog<T>(limit);
  let nextId = 1;
  let waiters: Waiter<T>[] = [];

  const settle = () => {
    if (waiters.length === 0) return;
    const ready = waiters.filter((waiter) => waiter.count <= log.size);
    if (ready.length === 0) return;
    waiters = waiters.filter((waiter) => waiter.count > log.size);
    const records = log.toArray();
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(records);
    }
  };

  return {
    push(fields, prepare) {
      const record = { id: nextId, time: new Date().toISOString(), ...fields } as T;
      nextId += 1;
      prepare?.(record);
      log.push(record);
      settle();
      return record;
    },
    all: () => log.toArray(),
    recent(recentLimit, sinceId) {
      const newest = log.last(recentLimit);
      return sinceId > 0 ? newest.filter((record) => record.id > sinceId) : newest;
    },
    clear: () => log.clear(),
    waitFor(count, timeoutMs) {
      if (log.size >= count) return Promise.resolve(log.toArray());
      return new Promise<T[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter.timer !== timer);
          reject(
            new MockAktoError({
              code: "WAIT_TIMEOUT",
              message: `waited ${timeoutMs} ms for ${count} ${name}, ${log.size} recorded`,
            }),
          );
        }, timeoutMs);
        timer.unref();
        waiters.push({ count, resolve, reject, timer });
      });
    },
    rejectWaiters(error) {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(error);
      }
      waiters = [];
    },
  };
}
