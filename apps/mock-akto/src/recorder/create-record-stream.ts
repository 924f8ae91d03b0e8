import { MockAktoError } from "../mock-akto-error";
import { createBoundedLog } from "../util/create-bounded-log";

interface Waiter<T> {
  count: number;
  resolve(records: T[]): void;
  reject(error: MockAktoError): void;
  timer: NodeJS.Timeout;
}

/** What is stored for one record; `id` lets reads filter before paying for `unpack`. */
export interface StoredRecord {
  id: number;
}

/**
 * How a stream stores its records. Recording runs on every request, reading only when a test or a person asks,
 * so `pack` keeps what a record needs in its cheapest form (bytes, numbers) and `unpack` rebuilds the record on read.
 */
export interface RecordCodec<Fields, Stored extends StoredRecord, T> {
  pack(fields: Fields, id: number, timeMs: number): Stored;
  unpack(stored: Stored): T;
}

export interface RecordStream<Fields, T> {
  push(fields: Fields): void;
  all(): T[];
  /** Newest `limit` records with an id above `sinceId`, oldest first. */
  recent(limit: number, sinceId: number): T[];
  clear(): void;
  waitFor(count: number, timeoutMs: number): Promise<T[]>;
  rejectWaiters(error: MockAktoError): void;
}

/** A bounded, id-stamped record list whose waiters are woken by pushes (no polling). */
export function createRecordStream<Fields, Stored extends StoredRecord, T>(
  name: string,
  limit: number,
  codec: RecordCodec<Fields, Stored, T>,
): RecordStream<Fields, T> {
  const log = createBoundedLog<Stored>(limit);
  let nextId = 1;
  let waiters: Waiter<T>[] = [];

  const unpackAll = (stored: readonly Stored[]): T[] => stored.map((item) => codec.unpack(item));

  const settle = () => {
    if (waiters.length === 0) return;
    const ready = waiters.filter((waiter) => waiter.count <= log.size);
    if (ready.length === 0) return;
    waiters = waiters.filter((waiter) => waiter.count > log.size);
    const records = unpackAll(log.toArray());
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(records);
    }
  };

  return {
    push(fields) {
      log.push(codec.pack(fields, nextId, Date.now()));
      nextId += 1;
      settle();
    },
    all: () => unpackAll(log.toArray()),
    recent(recentLimit, sinceId) {
      const newest = log.last(recentLimit);
      return unpackAll(sinceId > 0 ? newest.filter((stored) => stored.id > sinceId) : newest);
    },
    clear: () => log.clear(),
    waitFor(count, timeoutMs) {
      if (log.size >= count) return Promise.resolve(unpackAll(log.toArray()));
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
