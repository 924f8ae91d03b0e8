import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PII_TEXT } from './reply-plan';
import { startMockLlm } from './start-mock-llm';
import type { MockLlm } from './types';

let mock: MockLlm;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockLlm({ chunkSize: 4 });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.admin.clear();
});

describe('startMockLlm with the official openai client', () => {
  describe('chat.completions', () => {
    it('should echo the last user message and the request model', async () => {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: [{ type: 'text', text: 'hello there' }] },
        ],
      });
      expect(completion.object).toBe('chat.completion');
      expect(completion.id).toMatch(/^chatcmpl-/);
      expect(completion.model).toBe('gpt-4o-mini');
      expect(completion.choices).toHaveLength(1);
      expect(completion.choices[0]).toMatchObject({
        index: 0,
        message: { role: 'assistant', content: 'ECHO: hello there', refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      });
      expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
      expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    });

    it('should return n choices', async () => {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        n: 2,
        messages: [{ role: 'user', content: '[[reply:twice]]' }],
      });
      expect(completion.choices.map((choice) => [choice.index, choice.message.content])).toEqual([
        [0, 'twice'],
        [1, 'twice'],
      ]);
    });

    it('should answer [[tool]] with a get_weather tool call', async () => {
      const completion = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'weather please [[tool]]' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      });
      const choice = completion.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBeNull();
      const toolCall = choice.message.tool_calls?.[0];
      expect(toolCall).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
      expect(toolCall?.id).toMatch(/^call_/);
      expect(JSON.parse(toolCall?.type === 'function' ? toolCall.function.arguments : 'null')).toEqual({ city: 'Paris' });
    });

    it('should stream content chunks, a finish chunk and a usage chunk when include_usage is set', async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'stream me' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);

      expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
      expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
      const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
      expect(text).toBe('ECHO: stream me');
      // chunkSize 4 -> every content delta is at most 4 characters.
      const deltas = chunks.map((chunk) => chunk.choices[0]?.delta.content).filter((content) => content);
      expect(deltas.length).toBe(Math.ceil('ECHO: stream me'.length / 4));
      const finish = chunks.at(-2);
      expect(finish?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
      const usageChunk = chunks.at(-1);
      expect(usageChunk?.choices).toEqual([]);
      expect(usageChunk?.usage?.completion_tokens).toBeGreaterThan(0);
    });

    it('should not send a usage chunk without include_usage', async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
      expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    });

    it('should stream a tool call that the SDK stream helper assembles', async () => {
      const runner = client.chat.completions.stream({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: '[[tool]]' }],
      });
      const final = await runner.finalChatCompletion();
      const choice = final.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      const toolCall = choice.message.tool_calls?.[0];
      expect(toolCall?.type === 'function' ? toolCall.function : undefined).toEqual(
        expect.objectContaining({ name: 'get_weather', arguments: '{"city":"Paris"}' }),
      );
    });

    it('should stream text that the SDK stream helper assembles', async () => {
      const runner = client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: '[[pii]]' }] });
      expect(await runner.finalContent()).toBe(PII_TEXT);
    });
  });

  describe('completions', () => {
    it('should answer a string prompt', async () => {
      const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'say hi' });
      expect(completion.object).toBe('text_completion');
      expect(completion.choices).toEqual([{ text: 'ECHO: say hi', index: 0, logprobs: null, finish_reason: 'stop' }]);
    });

    it('should answer each prompt of an array', async () => {
      const completion = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: ['a', '[[reply:b]]'] });
      expect(completion.choices.map((choice) => [choice.index, choice.text])).toEqual([
        [0, 'ECHO: a'],
        [1, 'b'],
      ]);
    });

    it('should stream text chunks and [DONE]', async () => {
      const stream = await client.completions.create({
        model: 'gpt-3.5-turbo-instruct',
        prompt: 'stream this',
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      const textChunks = chunks.filter((chunk) => chunk.choices.length > 0);
      expect(textChunks.map((chunk) => chunk.choices[0]?.text).join('')).toBe('ECHO: stream this');
      expect(textChunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
      expect(textChunks.slice(0, -1).every((chunk) => chunk.choices[0]?.finish_reason === null)).toBe(true);
      expect(chunks.at(-1)?.usage?.prompt_tokens).toBeGreaterThan(0);
    });
  });

  describe('responses', () => {
    it('should answer a string input with a completed response', async () => {
      const response = await client.responses.create({ model: 'gpt-4.1-mini', input: 'hello responses', instructions: 'be nice' });
      expect(response.id).toMatch(/^resp_/);
      expect(response.object).toBe('response');
      expect(response.status).toBe('completed');
      expect(response.model).toBe('gpt-4.1-mini');
      expect(response.instructions).toBe('be nice');
      expect(response.output_text).toBe('ECHO: hello responses');
      const item = response.output[0];
      expect(item).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
      expect(item?.id).toMatch(/^msg_/);
      expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));
    });

    it('should use the last user item of an input array', async () => {
      const response = await client.responses.create({
        model: 'gpt-4.1-mini',
        input: [
          { role: 'user', content: 'old' },
          { role: 'assistant', content: 'answer' },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: '[[secret]]' }] },
        ],
      });
      expect(response.output_text).toContain('AKIAIOSFODNN7EXAMPLE');
    });

    it('should stream events that responses.stream assembles into the final text', async () => {
      const stream = client.responses.stream({ model: 'gpt-4.1-mini', input: 'streamed reply' });
      const deltas: string[] = [];
      stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
      const final = await stream.finalResponse();
      expect(deltas.join('')).toBe('ECHO: streamed reply');
      expect(deltas.length).toBeGreaterThan(1);
      expect(final.status).toBe('completed');
      const message = final.output[0];
      expect(message?.type === 'message' ? message.content[0] : undefined).toMatchObject({ type: 'output_text', text: 'ECHO: streamed reply' });
    });

    it('should stream the documented event sequence with increasing sequence numbers', async () => {
      const stream = await client.responses.create({ model: 'gpt-4.1-mini', input: 'abc', stream: true });
      const events = [];
      for await (const event of stream) events.push(event);
      const types = events.map((event) => event.type);
      expect(types[0]).toBe('response.created');
      expect(types[1]).toBe('response.in_progress');
      expect(types.slice(2, 4)).toEqual(['response.output_item.added', 'response.content_part.added']);
      expect(types.slice(-4)).toEqual([
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.completed',
      ]);
      expect(events.map((event) => event.sequence_number)).toEqual(events.map((_event, index) => index));
      const done = events.find((event) => event.type === 'response.output_text.done');
      expect(done?.type === 'response.output_text.done' ? done.text : undefined).toBe('ECHO: abc');
    });

    it('should stream a function call item for [[tool]]', async () => {
      const stream = client.responses.stream({ model: 'gpt-4.1-mini', input: '[[tool]]' });
      const final = await stream.finalResponse();
      expect(final.output).toHaveLength(1);
      expect(final.output[0]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' });
    });
  });

  describe('embeddings', () => {
    it('should return deterministic float vectors of dimension 8', async () => {
      const first = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'], encoding_format: 'float' });
      const again = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'alpha', encoding_format: 'float' });
      expect(first.object).toBe('list');
      expect(first.data.map((item) => [item.object, item.index, item.embedding.length])).toEqual([
        ['embedding', 0, 8],
        ['embedding', 1, 8],
      ]);
      expect(again.data[0]?.embedding).toEqual(first.data[0]?.embedding);
      expect(first.data[1]?.embedding).not.toEqual(first.data[0]?.embedding);
      expect(first.usage.total_tokens).toBeGreaterThan(0);
    });

    it('should answer the SDK default (base64) with the same vectors', async () => {
      const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'gamma', encoding_format: 'float' });
      const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'gamma' });
      const [request] = mock.admin.requests().slice(-1);
      expect((request?.json as { encoding_format?: string }).encoding_format).toBe('base64');
      expect(Array.from(decoded.data[0]?.embedding ?? [])).toEqual(floats.data[0]?.embedding);
    });
  });

  describe('models', () => {
    it('should list and retrieve models', async () => {
      const models = [];
      for await (const model of client.models.list()) models.push(model);
      expect(models.length).toBeGreaterThan(0);
      expect(models[0]).toMatchObject({ object: 'model', owned_by: 'mock-llm' });
      const model = await client.models.retrieve('any-model');
      expect(model.id).toBe('any-model');
    });
  });

  describe('errors', () => {
    it('should surface [[status:429]] as an APIError with status 429', async () => {
      const error = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '[[status:429]]' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(429);
      expect((error as APIError).type).toBe('rate_limit_error');
    });
  });
});
