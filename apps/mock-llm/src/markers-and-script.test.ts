import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postJson } from './__fixtures__/post-json';
import { MockLlmError } from './mock-llm-error';
import { PII_TEXT, SECRET_TEXT } from './reply-plan';
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
  mock.admin.clear();
  mock.admin.clearScript();
});

async function chat(content: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const result = await postJson(`${mock.url}/v1/chat/completions`, { model: 'm', messages: [{ role: 'user', content }] });
  return { status: result.status, body: result.json() as Record<string, unknown> };
}

function chatText(body: Record<string, unknown>): unknown {
  return (body as { choices: Array<{ message: { content: unknown } }> }).choices[0]?.message.content;
}

describe('reply markers over HTTP', () => {
  it('should answer [[pii]], [[secret]], [[reply:...]] and [[long:N]] on chat', async () => {
    expect(chatText((await chat('please [[pii]]')).body)).toBe(PII_TEXT);
    expect(chatText((await chat('[[secret]]')).body)).toBe(SECRET_TEXT);
    expect(chatText((await chat('[[reply:exactly this]]')).body)).toBe('exactly this');
    expect(chatText((await chat('[[long:300]]')).body)).toHaveLength(300);
  });

  it('should read markers from the last user message only', async () => {
    const result = await postJson(`${mock.url}/v1/chat/completions`, {
      model: 'm',
      messages: [
        { role: 'user', content: '[[pii]]' },
        { role: 'assistant', content: '[[secret]]' },
        { role: 'user', content: 'plain' },
      ],
    });
    expect(chatText(result.json() as Record<string, unknown>)).toBe('ECHO: plain');
  });

  it('should answer [[status:NNN]] with that status and an API-shaped error body', async () => {
    const openai = await chat('[[status:503]]');
    expect(openai.status).toBe(503);
    expect(openai.body).toMatchObject({ error: { type: 'server_error', param: null, code: null, message: expect.any(String) } });

    const anthropic = await postJson(`${mock.url}/v1/messages`, { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: '[[status:401]]' }] });
    expect(anthropic.status).toBe(401);
    expect(anthropic.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });

    const responses = await postJson(`${mock.url}/v1/responses`, { model: 'm', input: '[[status:400]]' });
    expect(responses.status).toBe(400);
    expect(responses.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('should reject an invalid marker value with a clear 400', async () => {
    const result = await chat('[[status:200]]');
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: { message: expect.stringContaining('[[status:200]]') } });
  });

  it('should answer [[slow:MS]] after the delay', async () => {
    const started = Date.now();
    const result = await chat('[[slow:40]] hi');
    expect(result.status).toBe(200);
    expect(chatText(result.body)).toBe('ECHO: [[slow:40]] hi');
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('should stop waiting on [[slow:MS]] when the client aborts', async () => {
    const controller = new AbortController();
    const pending = fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: '[[slow:600000]]' }] }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await mock.admin.waitForRequests(1);
    controller.abort();
    expect(await mock.admin.waitForAbort()).toMatchObject({ aborted: true, status: null });
    expect(await pending).toBeInstanceOf(Error);
  });

  it('should use markers on completions, responses and messages too', async () => {
    const completion = (await postJson(`${mock.url}/v1/completions`, { model: 'm', prompt: '[[reply:c]]' })).json() as { choices: Array<{ text: string }> };
    expect(completion.choices[0]?.text).toBe('c');
    const response = (await postJson(`${mock.url}/v1/responses`, { model: 'm', input: '[[reply:r]]' })).json() as {
      output: Array<{ content: Array<{ text: string }> }>;
    };
    expect(response.output[0]?.content[0]?.text).toBe('r');
    const message = (await postJson(`${mock.url}/v1/messages`, { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: '[[reply:a]]' }] })).json() as {
      content: Array<{ text: string }>;
    };
    expect(message.content[0]?.text).toBe('a');
  });
});

describe('scripted replies', () => {
  it('should consume POST /__admin/script replies in order across APIs, then fall back to echo', async () => {
    const queued = await postJson(`${mock.url}/__admin/script`, { replies: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] });
    expect(queued.json()).toEqual({ queued: 3 });

    expect(chatText((await chat('a')).body)).toBe('one');
    const message = (await postJson(`${mock.url}/v1/messages`, { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'b' }] })).json() as {
      content: Array<{ text: string }>;
    };
    expect(message.content[0]?.text).toBe('two');
    // Embeddings and models never consume the queue.
    await postJson(`${mock.url}/v1/embeddings`, { model: 'e', input: 'x' });
    const response = (await postJson(`${mock.url}/v1/responses`, { model: 'm', input: 'c' })).json() as { output: Array<{ content: Array<{ text: string }> }> };
    expect(response.output[0]?.content[0]?.text).toBe('three');
    expect(chatText((await chat('d')).body)).toBe('ECHO: d');
  });

  it('should script tool calls, statuses and delays through the in-process admin', async () => {
    mock.admin.script([
      { toolCall: { name: 'lookup_order', arguments: { orderId: 42 } } },
      { status: 500, text: 'scripted failure' },
      { delayMs: 20, text: 'late' },
    ]);
    const tool = (await chat('x')).body as { choices: Array<{ finish_reason: string; message: { tool_calls: Array<{ function: { name: string; arguments: string } }> } }> };
    expect(tool.choices[0]?.finish_reason).toBe('tool_calls');
    expect(tool.choices[0]?.message.tool_calls[0]?.function).toEqual({ name: 'lookup_order', arguments: '{"orderId":42}' });

    const failure = await chat('y');
    expect(failure.status).toBe(500);
    expect(failure.body).toMatchObject({ error: { message: 'scripted failure', type: 'server_error' } });

    const started = Date.now();
    expect(chatText((await chat('z')).body)).toBe('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('should not consume a scripted reply on a request that fails validation', async () => {
    mock.admin.script([{ text: 'kept' }]);
    const invalid = await postJson(`${mock.url}/v1/chat/completions`, { model: 'm' });
    expect(invalid.status).toBe(400);
    expect(chatText((await chat('q')).body)).toBe('kept');
  });

  it('should reject an invalid script over HTTP (400) and in process (MockLlmError)', async () => {
    const result = await postJson(`${mock.url}/__admin/script`, { replies: [{ status: 'bad' }] });
    expect(result.status).toBe(400);
    expect(result.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'MOCK_LLM_INVALID_SCRIPT' } });
    expect((await postJson(`${mock.url}/__admin/script`, '{oops')).status).toBe(400);

    let caught: unknown;
    try {
      mock.admin.script([{ delayMs: -5 }]);
    } catch (error) {
      caught = error;
    }
    expect(MockLlmError.isInstance(caught) && caught.code).toBe('MOCK_LLM_INVALID_SCRIPT');
    expect(chatText((await chat('still echo')).body)).toBe('ECHO: still echo');
  });

  it('should drop queued replies on DELETE /__admin/script', async () => {
    mock.admin.script([{ text: 'never' }]);
    expect((await fetch(`${mock.url}/__admin/script`, { method: 'DELETE' })).status).toBe(200);
    expect(chatText((await chat('e')).body)).toBe('ECHO: e');
  });
});
