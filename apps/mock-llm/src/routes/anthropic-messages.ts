import { contentToText } from '../content-to-text';
import { estimateTokens } from '../estimate-tokens';
import { prepareReply } from '../prepare-reply';
import type { RequestContext } from '../request-context';
import { sendAnthropicError } from '../send-anthropic-error';
import { sendJson } from '../send-json';
import { splitText } from '../split-text';
import { formatEvent, writeEventStream } from '../write-event-stream';

/** `POST /v1/messages` (Anthropic Messages API): a `message` object or its SSE event sequence. */
export async function handleAnthropicMessages(context: RequestContext): Promise<void> {
  const { body } = context;
  const sendError = (status: number, message: string): void => sendAnthropicError(context, status, message);

  if (typeof body.model !== 'string' || body.model.length === 0) return sendError(400, 'model: Field required');
  const messages = body.messages;
  if (!Array.isArray(messages)) return sendError(400, 'messages: Field required (an array of messages)');
  if (body.max_tokens !== undefined && (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1)) {
    return sendError(400, 'max_tokens: must be an integer >= 1');
  }
  let promptText = contentToText(body.system);
  let lastUserText = '';
  for (let index = 0; index < messages.length; index += 1) {
    const message: unknown = messages[index];
    const role = message !== null && typeof message === 'object' ? (message as { role?: unknown }).role : undefined;
    if (role !== 'user' && role !== 'assistant') {
      return sendError(400, `messages.${index}.role: Input should be 'user' or 'assistant'`);
    }
    const text = contentToText((message as { content?: unknown }).content);
    promptText += text;
    if (role === 'user') lastUserText = text;
  }

  const plans = await prepareReply(context, [lastUserText], sendError);
  const plan = plans?.[0];
  if (plan === undefined) return;

  const id = context.createId('msg_');
  const inputTokens = estimateTokens(promptText);
  const outputTokens = estimateTokens(plan.text ?? '') + estimateTokens(plan.toolCall?.argumentsJson ?? '');
  const stopReason = plan.toolCall ? 'tool_use' : 'end_turn';
  const toolUseId = plan.toolCall ? context.createId('toolu_') : '';
  const usage = { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens };

  if (body.stream === true) {
    const event = (data: { type: string } & Record<string, unknown>): string => formatEvent(data, data.type);
    const groups: string[] = [];
    let current = event({
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: Math.min(1, outputTokens) },
      },
    });
    let index = 0;
    if (plan.text !== null) {
      current += event({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      current += event({ type: 'ping' });
      for (const text of splitText(plan.text, context.chunkSize)) {
        groups.push(current);
        current = event({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
      }
      current += event({ type: 'content_block_stop', index });
      index += 1;
    }
    if (plan.toolCall) {
      current += event({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: toolUseId, name: plan.toolCall.name, input: {} } });
      if (index === 0) current += event({ type: 'ping' });
      for (const partialJson of splitText(plan.toolCall.argumentsJson, context.chunkSize)) {
        groups.push(current);
        current = event({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partialJson } });
      }
      current += event({ type: 'content_block_stop', index });
    }
    current += event({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
    current += event({ type: 'message_stop' });
    groups.push(current);
    return writeEventStream(context, groups);
  }

  const content: unknown[] = [];
  if (plan.text !== null) content.push({ type: 'text', text: plan.text });
  if (plan.toolCall) content.push({ type: 'tool_use', id: toolUseId, name: plan.toolCall.name, input: plan.toolCall.input });
  sendJson(context, 200, {
    id,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage,
  });
}
