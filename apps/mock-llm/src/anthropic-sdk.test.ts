import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INJECTION_TEXT } from './reply-plan';
import { startMockLlm } from './start-mock-llm';
import type { MockLlm } from './types';

let mock: MockLlm;
let client: Anthropic;

beforeAll(async () => {
  mock = await startMockLlm({ chunkSize: 5 });
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.url, maxRetries: 0 });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.admin.clear();
});

describe('startMockLlm with the official @anthropic-ai/sdk client', () => {
  it('should answer messages.create with a text message echoing the last user message', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      system: 'you are a test',
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: 'hello claude' }] },
      ],
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [{ type: 'text', text: 'ECHO: hello claude' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);

    const [request] = await mock.admin.waitForRequests(1);
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers['x-api-key']).toBe('sk-ant-test');
    expect(request?.headers['anthropic-version']).toBeDefined();
  });

  it('should stream events that messages.stream assembles into the final message', async () => {
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      messages: [{ role: 'user', content: '[[injection]]' }],
    });
    const eventTypes: string[] = [];
    stream.on('streamEvent', (event) => eventTypes.push(event.type));
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();

    expect(final.content).toEqual([{ type: 'text', text: INJECTION_TEXT }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBeGreaterThan(1);
    expect(texts.join('')).toBe(INJECTION_TEXT);
    expect(texts.length).toBe(Math.ceil(INJECTION_TEXT.length / 5));
    // The SDK drops `ping` events itself; the raw sequence is checked in the HTTP tests.
    expect(eventTypes.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(eventTypes.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
  });

  it('should answer [[tool]] with a tool_use block', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
      messages: [{ role: 'user', content: 'weather? [[tool]]' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toHaveLength(1);
    expect(message.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
    expect(message.content[0]?.type === 'tool_use' ? message.content[0].id : '').toMatch(/^toolu_/);
  });

  it('should stream a tool_use block whose input_json_delta pieces the SDK assembles', async () => {
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      messages: [{ role: 'user', content: '[[reply:Let me check.]] [[tool]]' }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toHaveLength(2);
    expect(final.content[0]).toEqual({ type: 'text', text: 'Let me check.' });
    expect(final.content[1]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
  });

  it('should surface [[status:529]] as an APIError with the Anthropic error body', async () => {
    const error = await client.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 8, messages: [{ role: 'user', content: '[[status:529]]' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(529);
    expect((error as APIError).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });
});
