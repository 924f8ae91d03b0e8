import { describe, expect, it } from 'vitest';
import { MockLlmError } from './mock-llm-error';
import { createRequestRecorder } from './request-recorder';
import type { RecordedRequest } from './types';

function record(id: string): RecordedRequest {
  return { id, method: 'POST', path: '/p', url: '/p', headers: {}, rawHeaders: [], body: '', json: undefined, receivedAt: 0, status: null, completed: false, aborted: false };
}

describe('createRequestRecorder', () => {
  it('should keep only the newest records, oldest first', () => {
    const recorder = createRequestRecorder(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) recorder.add(record(id));
    expect(recorder.list().map((entry) => entry.id)).toEqual(['c', 'd', 'e']);
    recorder.clear();
    expect(recorder.list()).toEqual([]);
  });

  it('should resolve waitForRequests when enough requests arrive', async () => {
    const recorder = createRequestRecorder(10);
    const waiting = recorder.waitForRequests(2, 1000);
    recorder.add(record('a'));
    recorder.add(record('b'));
    expect((await waiting).map((entry) => entry.id)).toEqual(['a', 'b']);
  });

  it('should resolve waitForAbort with an already or later aborted record', async () => {
    const recorder = createRequestRecorder(10);
    const entry = record('a');
    recorder.add(entry);
    const waiting = recorder.waitForAbort(1000);
    entry.aborted = true;
    recorder.notifyAborted(entry);
    expect(await waiting).toMatchObject({ id: 'a', aborted: true });
    expect(await recorder.waitForAbort(1000)).toMatchObject({ id: 'a' });
  });

  it('should reject with MOCK_LLM_WAIT_TIMEOUT, and MOCK_LLM_CLOSED after close', async () => {
    const recorder = createRequestRecorder(10);
    const timedOut = await recorder.waitForRequests(1, 20).catch((error: unknown) => error);
    expect(MockLlmError.isInstance(timedOut) && timedOut.code).toBe('MOCK_LLM_WAIT_TIMEOUT');
    const pending = recorder.waitForAbort(10_000).catch((error: unknown) => error);
    recorder.close();
    const closed = await pending;
    expect(MockLlmError.isInstance(closed) && closed.code).toBe('MOCK_LLM_CLOSED');
  });
});
