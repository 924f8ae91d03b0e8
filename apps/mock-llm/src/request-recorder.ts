import { MockLlmError } from './mock-llm-error';
import type { RecordedRequest } from './types';

export interface RequestRecorder {
  /** Stores a record; the recorder keeps the object and sees later updates to it. */
  add(record: RecordedRequest): void;
  /** Call after changing `aborted` on a stored record so waiters re-check. */
  notifyAborted(record: RecordedRequest): void;
  list(): RecordedRequest[];
  clear(): void;
  waitForRequests(count: number, timeoutMs: number): Promise<RecordedRequest[]>;
  waitForAbort(timeoutMs: number): Promise<RecordedRequest>;
  /** Rejects pending waiters; later waits reject at once. */
  close(): void;
}

interface Waiter {
  check(): boolean;
  reject(error: MockLlmError): void;
}

/** Keeps the last `capacity` requests in a ring buffer and lets tests await them without sleeping. */
export function createRequestRecorder(capacity: number): RequestRecorder {
  let ring: RecordedRequest[] = [];
  let start = 0;
  let countSinceClear = 0;
  let closed = false;
  const waiters = new Set<Waiter>();

  const ordered = (): RecordedRequest[] => (start === 0 ? ring.slice() : [...ring.slice(start), ...ring.slice(0, start)]);
  const list = (): RecordedRequest[] => ordered().map(copyRecord);
  const runWaiters = (): void => {
    if (waiters.size === 0) return;
    for (const waiter of [...waiters]) waiter.check();
  };

  function wait<T>(description: string, timeoutMs: number, produce: () => T | undefined): Promise<T> {
    if (closed) return Promise.reject(new MockLlmError({ code: 'MOCK_LLM_CLOSED', message: 'mock-llm is closed' }));
    const ready = produce();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new MockLlmError({ code: 'MOCK_LLM_WAIT_TIMEOUT', message: `timed out after ${timeoutMs} ms waiting for ${description}` }));
      }, timeoutMs);
      timer.unref();
      const waiter: Waiter = {
        check() {
          const value = produce();
          if (value === undefined) return false;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(value);
          return true;
        },
        reject(error) {
          clearTimeout(timer);
          waiters.delete(waiter);
          reject(error);
        },
      };
      waiters.add(waiter);
    });
  }

  return {
    add(record) {
      if (ring.length < capacity) {
        ring.push(record);
      } else {
        ring[start] = record;
        start = (start + 1) % capacity;
      }
      countSinceClear += 1;
      runWaiters();
    },
    notifyAborted() {
      runWaiters();
    },
    list,
    clear() {
      ring = [];
      start = 0;
      countSinceClear = 0;
    },
    waitForRequests(count, timeoutMs) {
      return wait(`${count} recorded request(s)`, timeoutMs, () => (countSinceClear >= count ? list() : undefined));
    },
    waitForAbort(timeoutMs) {
      return wait('an aborted request', timeoutMs, () => {
        const record = ordered().find((candidate) => candidate.aborted);
        return record === undefined ? undefined : copyRecord(record);
      });
    },
    close() {
      closed = true;
      const error = new MockLlmError({ code: 'MOCK_LLM_CLOSED', message: 'mock-llm closed while waiting' });
      for (const waiter of [...waiters]) waiter.reject(error);
    },
  };
}

function copyRecord(record: RecordedRequest): RecordedRequest {
  return { ...record, rawHeaders: [...record.rawHeaders] };
}
