import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSse, parseSseJson } from './__fixtures__/parse-sse';
import { postJson } from './__fixtures__/post-json';
import { startMockLlm } from './start-mock-llm';
import type { MockLlm } from './types';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

const chatBody = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

describe('mock-llm routes over raw HTTP', () => {
  it('should end a chat stream with data: [DONE] and use the SSE content type', async () => {
    const result = await postJson(`${mock.url}/v1/chat/completions`, { ...chatBody, stream: true });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(result.text.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = parseSseJson(result.text);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('should interleave n streamed choices', async () => {
    const result = await postJson(`${mock.url}/v1/chat/completions`, { ...chatBody, n: 2, stream: true });
    const chunks = parseSseJson(result.text) as Array<{ choices: Array<{ index: number; delta: { content?: string } }> }>;
    for (const index of [0, 1]) {
      const text = chunks.flatMap((chunk) => chunk.choices.filter((choice) => choice.index === index)).map((choice) => choice.delta.content ?? '').join('');
      expect(text).toBe('ECHO: hi');
    }
  });

  it('should name every Anthropic event after its data.type, with ping after the first block start', async () => {
    const result = await postJson(`${mock.url}/v1/messages`, { model: 'claude-sonnet-4-6', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const events = parseSse(result.text);
    for (const event of events) expect(event.event).toBe((JSON.parse(event.data) as { type: string }).type);
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(result.text).not.toContain('[DONE]');
  });

  it('should name every Responses event after its type and stream function call arguments', async () => {
    const result = await postJson(`${mock.url}/v1/responses`, { model: 'gpt-4.1-mini', stream: true, input: '[[tool]]' });
    const events = parseSse(result.text);
    for (const event of events) expect(event.event).toBe((JSON.parse(event.data) as { type: string }).type);
    const types = events.map((event) => event.event);
    expect(types).toContain('response.function_call_arguments.delta');
    const done = events.find((event) => event.event === 'response.function_call_arguments.done');
    expect(JSON.parse(done?.data ?? '{}')).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}' });
  });

  it('should stream legacy completions with [DONE]', async () => {
    const result = await postJson(`${mock.url}/v1/completions`, { model: 'x', prompt: 'p', stream: true });
    expect(result.text.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = parseSseJson(result.text) as Array<{ object: string; choices: Array<{ text: string; logprobs: null }> }>;
    expect(chunks.every((chunk) => chunk.object === 'text_completion')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.text).join('')).toBe('ECHO: p');
  });

  it('should encode base64 embeddings as little-endian float32', async () => {
    const floats = (await postJson(`${mock.url}/v1/embeddings`, { model: 'e', input: 'q', dimensions: 4 })).json() as { data: Array<{ embedding: number[] }> };
    const base64 = (await postJson(`${mock.url}/v1/embeddings`, { model: 'e', input: 'q', dimensions: 4, encoding_format: 'base64' })).json() as {
      data: Array<{ embedding: string }>;
    };
    const bytes = Buffer.from(base64.data[0]?.embedding ?? '', 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_unused, index) => bytes.readFloatLE(index * 4));
    expect(decoded).toEqual(floats.data[0]?.embedding);
    expect(decoded).toHaveLength(4);
  });

  it('should answer unknown routes and methods with an OpenAI-style 404', async () => {
    for (const [method, path] of [['POST', '/v1/unknown'], ['GET', '/v1/chat/completions'], ['GET', '/']]) {
      const response = await fetch(`${mock.url}${path}`, { method: method! });
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null, code: 'unknown_url' });
      expect(body.error.message).toContain(path!);
    }
  });

  it('should answer malformed JSON with a 400 in the OpenAI shape', async () => {
    for (const path of ['/v1/chat/completions', '/v1/completions', '/v1/responses', '/v1/embeddings']) {
      const result = await postJson(`${mock.url}${path}`, '{"model": ');
      expect(result.status).toBe(400);
      const body = result.json() as { error: Record<string, unknown> };
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
      expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
      expect(body.error.message).toMatch(/JSON/);
    }
  });

  it('should answer malformed JSON on /v1/messages with a 400 in the Anthropic shape', async () => {
    const result = await postJson(`${mock.url}/v1/messages`, 'not json');
    expect(result.status).toBe(400);
    expect(result.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/JSON/) } });
  });

  it('should reject bodies that are empty or not JSON objects', async () => {
    expect((await postJson(`${mock.url}/v1/chat/completions`, '')).status).toBe(400);
    expect((await postJson(`${mock.url}/v1/chat/completions`, '[1,2]')).status).toBe(400);
    expect((await postJson(`${mock.url}/v1/messages`, 'null')).json()).toMatchObject({ type: 'error' });
  });

  it.each([
    ['/v1/chat/completions', { messages: [] }, 'model'],
    ['/v1/chat/completions', { model: 'm', messages: 'hi' }, 'messages'],
    ['/v1/chat/completions', { model: 'm', messages: [{ content: 'no role' }] }, 'messages[0]'],
    ['/v1/chat/completions', { ...chatBody, n: 0 }, 'n'],
    ['/v1/completions', { model: 'm', prompt: { text: 'x' } }, 'prompt'],
    ['/v1/responses', { model: 'm', input: 42 }, 'input'],
    ['/v1/embeddings', { model: 'm', input: '' }, 'input'],
    ['/v1/embeddings', { model: 'm', input: 'x', encoding_format: 'hex' }, 'encoding_format'],
    ['/v1/embeddings', { model: 'm', input: 'x', dimensions: 0 }, 'dimensions'],
  ])('should reject an invalid request to %s naming param %s', async (path, body, param) => {
    const result = await postJson(`${mock.url}${path}`, body);
    expect(result.status).toBe(400);
    expect(result.json()).toMatchObject({ error: { type: 'invalid_request_error', param } });
  });

  it('should reject an invalid Anthropic request in the Anthropic shape', async () => {
    const result = await postJson(`${mock.url}/v1/messages`, { model: 'm', messages: [{ role: 'system', content: 'x' }] });
    expect(result.status).toBe(400);
    expect(result.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('role') } });
  });

  it('should answer an oversized body with 413', async () => {
    const small = await startMockLlm({ maxBodyBytes: 128 });
    try {
      const result = await postJson(`${small.url}/v1/chat/completions`, { ...chatBody, padding: 'x'.repeat(200) });
      expect(result.status).toBe(413);
      expect(result.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
      const ok = await postJson(`${small.url}/v1/chat/completions`, chatBody);
      expect(ok.status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('should not let a __proto__ key in the body change any prototype', async () => {
    const result = await postJson(`${mock.url}/v1/chat/completions`, '{"__proto__":{"polluted":true},"model":"m","messages":[{"role":"user","content":"x"}]}');
    expect(result.status).toBe(200);
    const record = mock.admin.requests().at(-1);
    expect(Object.getPrototypeOf(record?.json)).toBe(Object.prototype);
    expect((record?.json as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
