import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseSseJson } from './__fixtures__/parse-sse';
import { postJson } from './__fixtures__/post-json';
import { MockLlmError } from './mock-llm-error';
import { startMockLlm } from './start-mock-llm';
import type { MockLlm } from './types';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.admin.setOptions({ chunkSize: 8, chunkIntervalMs: 0 });
});

const REPLY = 'abcdefghijklmnopqrstuvwxyz';

async function streamedDeltas(headers: Record<string, string> = {}): Promise<string[]> {
  const result = await postJson(
    `${mock.url}/v1/chat/completions`,
    { model: 'm', stream: true, messages: [{ role: 'user', content: `[[reply:${REPLY}]]` }] },
    headers,
  );
  expect(result.status).toBe(200);
  const chunks = parseSseJson(result.text) as Array<{ choices: Array<{ delta: { content?: string } }> }>;
  return chunks.map((chunk) => chunk.choices[0]?.delta.content).filter((content): content is string => Boolean(content));
}

async function anthropicDeltas(headers: Record<string, string> = {}): Promise<string[]> {
  const result = await postJson(
    `${mock.url}/v1/messages`,
    { model: 'm', max_tokens: 5, stream: true, messages: [{ role: 'user', content: `[[reply:${REPLY}]]` }] },
    headers,
  );
  const events = parseSseJson(result.text) as Array<{ type: string; delta?: { text?: string } }>;
  return events.filter((event) => event.type === 'content_block_delta').map((event) => event.delta?.text ?? '');
}

describe('stream chunking options', () => {
  it('should split text into chunkSize pieces (default 8)', async () => {
    expect(await streamedDeltas()).toEqual(['abcdefgh', 'ijklmnop', 'qrstuvwx', 'yz']);
  });

  it('should follow admin.setOptions and GET/POST /__admin/options', async () => {
    expect(mock.admin.setOptions({ chunkSize: 10 })).toEqual({ chunkSize: 10, chunkIntervalMs: 0 });
    expect(await anthropicDeltas()).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);

    const updated = await postJson(`${mock.url}/__admin/options`, { chunkSize: 13 });
    expect(updated.json()).toEqual({ chunkSize: 13, chunkIntervalMs: 0 });
    expect(await (await fetch(`${mock.url}/__admin/options`)).json()).toEqual({ chunkSize: 13, chunkIntervalMs: 0 });
    expect(await streamedDeltas()).toEqual(['abcdefghijklm', 'nopqrstuvwxyz']);
  });

  it('should let x-mock-chunk-size override the options for one request', async () => {
    expect(await streamedDeltas({ 'x-mock-chunk-size': '20' })).toEqual(['abcdefghijklmnopqrst', 'uvwxyz']);
    expect(await streamedDeltas()).toHaveLength(4);
  });

  it('should take start options', async () => {
    const other = await startMockLlm({ chunkSize: 26 });
    try {
      expect(other.admin.options()).toEqual({ chunkSize: 26, chunkIntervalMs: 0 });
    } finally {
      await other.close();
    }
  });

  it('should wait chunkIntervalMs between chunks (per request header)', async () => {
    const started = Date.now();
    const deltas = await streamedDeltas({ 'x-mock-chunk-size': '13', 'x-mock-chunk-interval-ms': '30' });
    // Two deltas -> groups: [start + delta 1], [delta 2 + end] -> one interval at least.
    expect(deltas).toEqual(['abcdefghijklm', 'nopqrstuvwxyz']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('should deliver a paced stream in several network reads', async () => {
    mock.admin.setOptions({ chunkSize: 4, chunkIntervalMs: 15 });
    const response = await fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: `[[reply:${REPLY}]]` }] }),
    });
    let reads = 0;
    let text = '';
    const decoder = new TextDecoder();
    for await (const part of response.body!) {
      reads += 1;
      text += decoder.decode(part, { stream: true });
    }
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    // Unpaced, the whole stream is one write (one or two reads with the chunked terminator).
    expect(reads).toBeGreaterThan(2);
  });

  it('should reject invalid chunk options with clear errors', async () => {
    const badHeader = await postJson(`${mock.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { 'x-mock-chunk-size': '0' });
    expect(badHeader.status).toBe(400);
    expect(badHeader.json()).toMatchObject({ error: { message: expect.stringContaining('chunkSize') } });

    const badInterval = await postJson(`${mock.url}/v1/messages`, { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] }, { 'x-mock-chunk-interval-ms': 'soon' });
    expect(badInterval.status).toBe(400);
    expect(badInterval.json()).toMatchObject({ type: 'error' });

    const badAdmin = await postJson(`${mock.url}/__admin/options`, { chunkSize: 1.5 });
    expect(badAdmin.status).toBe(400);
    expect(badAdmin.json()).toMatchObject({ error: { code: 'MOCK_LLM_INVALID_OPTIONS' } });
    expect((await postJson(`${mock.url}/__admin/options`, { speed: 1 })).status).toBe(400);

    let caught: unknown;
    try {
      mock.admin.setOptions({ chunkIntervalMs: -1 });
    } catch (error) {
      caught = error;
    }
    expect(MockLlmError.isInstance(caught) && caught.code).toBe('MOCK_LLM_INVALID_OPTIONS');
    await expect(startMockLlm({ chunkSize: 0 })).rejects.toMatchObject({ code: 'MOCK_LLM_INVALID_OPTIONS' });
    expect(mock.admin.options()).toEqual({ chunkSize: 8, chunkIntervalMs: 0 });
  });
});
