import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postJson } from './__fixtures__/post-json';
import { MockLlmError } from './mock-llm-error';
import { startMockLlm } from './start-mock-llm';
import type { MockLlm, RecordedRequest } from './types';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.admin.clear();
  mock.admin.clearScript();
  mock.admin.setOptions({ chunkSize: 8, chunkIntervalMs: 0 });
});

/** GETs `path` sending `name` once per value (repeated header lines). */
function getWithRepeatedHeader(url: string, path: string, name: string, values: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.setHeader(name, values);
    request.on('error', reject);
    request.end();
  });
}

describe('request recording', () => {
  it('should record method, path, query, lower-case headers, raw body, parsed JSON, status and completion', async () => {
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'record me' }] };
    const before = Date.now();
    const result = await postJson(`${mock.url}/v1/chat/completions?trace=1`, body, {
      Authorization: 'Bearer sk-upstream',
      'X-Custom-Header': 'Value',
    });
    const [record] = await mock.admin.waitForRequests(1);
    expect(record).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      url: '/v1/chat/completions?trace=1',
      body: JSON.stringify(body),
      json: body,
      status: 200,
      aborted: false,
    });
    expect(record?.headers.authorization).toBe('Bearer sk-upstream');
    expect(record?.headers['x-custom-header']).toBe('Value');
    expect(Object.keys(record?.headers ?? {}).every((name) => name === name.toLowerCase())).toBe(true);
    expect(record?.rawHeaders).toContain('X-Custom-Header');
    expect(record?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(result.headers.get('x-request-id')).toBe(record?.id);
  });

  it('should mark the record completed once the response finished', async () => {
    await postJson(`${mock.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] });
    // The client has the whole body, so the server-side 'finish' already ran.
    expect(mock.admin.requests()[0]).toMatchObject({ completed: true, aborted: false });
  });

  it('should keep repeated headers, joined in arrival order', async () => {
    expect(await getWithRepeatedHeader(mock.url, '/v1/models', 'X-Dup', ['a', 'b'])).toBe(200);
    const [record] = await mock.admin.waitForRequests(1);
    expect(record?.headers['x-dup']).toBe('a, b');
    expect(record?.rawHeaders.filter((entry) => entry === 'X-Dup')).toHaveLength(2);
    expect(record?.json).toBeUndefined();
  });

  it('should record non-JSON bodies as text with json undefined', async () => {
    await postJson(`${mock.url}/v1/chat/completions`, 'plain text');
    const [record] = await mock.admin.waitForRequests(1);
    expect(record).toMatchObject({ body: 'plain text', status: 400 });
    expect(record?.json).toBeUndefined();
  });

  it('should serve, clear and not record admin requests over HTTP', async () => {
    await postJson(`${mock.url}/v1/embeddings`, { model: 'e', input: 'a' });
    const listed = (await (await fetch(`${mock.url}/__admin/requests`)).json()) as { requests: RecordedRequest[] };
    expect(listed.requests.map((record) => record.path)).toEqual(['/v1/embeddings']);
    const cleared = await fetch(`${mock.url}/__admin/requests`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(mock.admin.requests()).toEqual([]);
    const unknown = await fetch(`${mock.url}/__admin/nope`);
    expect(unknown.status).toBe(404);
    expect(mock.admin.requests()).toEqual([]);
  });

  it('should keep only the newest maxRecordedRequests', async () => {
    const small = await startMockLlm({ maxRecordedRequests: 2 });
    try {
      for (const input of ['a', 'b', 'c']) await postJson(`${small.url}/v1/embeddings`, { model: 'e', input });
      expect(small.admin.requests().map((record) => (record.json as { input: string }).input)).toEqual(['b', 'c']);
    } finally {
      await small.close();
    }
  });

  it('should mark a request aborted when the client disconnects mid-stream', async () => {
    mock.admin.setOptions({ chunkIntervalMs: 20 });
    const controller = new AbortController();
    const response = await fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: '[[long:2000]]' }] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('chat.completion.chunk');
    controller.abort();

    const aborted = await mock.admin.waitForAbort();
    expect(aborted).toMatchObject({ path: '/v1/chat/completions', aborted: true, completed: false, status: 200 });
  });

  it('should mark a hung request aborted when the client gives up', async () => {
    const controller = new AbortController();
    const pending = fetch(`${mock.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: '[[hang]]' }] }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    const [record] = await mock.admin.waitForRequests(1);
    expect(record).toMatchObject({ status: null, aborted: false, completed: false });
    controller.abort();
    expect(await mock.admin.waitForAbort()).toMatchObject({ id: record?.id, aborted: true, status: null });
    expect(await pending).toBeInstanceOf(Error);
  });

  it('should let close() end hung requests promptly without calling them client aborts', async () => {
    const other = await startMockLlm();
    const pending = postJson(`${other.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: '[[hang]]' }] }).catch(
      (error: unknown) => error,
    );
    await other.admin.waitForRequests(1);
    const waitingForAbort = other.admin.waitForAbort(60_000).catch((error: unknown) => error);
    await other.close();
    expect(await pending).toBeInstanceOf(Error);
    const waitError = await waitingForAbort;
    expect(MockLlmError.isInstance(waitError) && waitError.code).toBe('MOCK_LLM_CLOSED');
    expect(other.admin.requests()[0]?.aborted).toBe(false);
  });

  it('should time out waitForRequests with MOCK_LLM_WAIT_TIMEOUT', async () => {
    const error = await mock.admin.waitForRequests(1, 30).catch((caught: unknown) => caught);
    expect(MockLlmError.isInstance(error) && error.code).toBe('MOCK_LLM_WAIT_TIMEOUT');
  });
});
