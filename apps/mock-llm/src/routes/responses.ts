import { contentToText } from '../content-to-text';
import { estimateTokens } from '../estimate-tokens';
import { prepareReply } from '../prepare-reply';
import type { ReplyPlan } from '../reply-plan';
import type { RequestContext } from '../request-context';
import { sendJson } from '../send-json';
import { sendOpenAiError } from '../send-openai-error';
import { splitText } from '../split-text';
import { formatEvent, writeEventStream } from '../write-event-stream';

type OutputItem = Record<string, unknown> & { id: string; type: string };

/** `POST /v1/responses`: a Responses API object, or its documented SSE event sequence. */
export async function handleResponses(context: RequestContext): Promise<void> {
  const { body } = context;
  const sendError = (status: number, message: string, param: string | null = null): void =>
    sendOpenAiError(context, status, message, { param });

  if (typeof body.model !== 'string' || body.model.length === 0) return sendError(400, 'you must provide a model parameter', 'model');
  const input = body.input;
  if (input !== undefined && typeof input !== 'string' && !Array.isArray(input)) {
    return sendError(400, "'input' must be a string or an array of input items", 'input');
  }
  if (body.instructions != null && typeof body.instructions !== 'string') {
    return sendError(400, "'instructions' must be a string", 'instructions');
  }
  const { lastUserText, promptText } = readInput(input);

  const plans = await prepareReply(context, [lastUserText], sendError);
  const plan = plans?.[0];
  if (plan === undefined) return;

  const inputTokens = estimateTokens(promptText) + estimateTokens(typeof body.instructions === 'string' ? body.instructions : '');
  const outputTokens = estimateTokens(plan.text ?? '') + estimateTokens(plan.toolCall?.argumentsJson ?? '');
  const response = {
    id: context.createId('resp_'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model,
    output: [] as OutputItem[],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    },
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
  const output = buildOutput(context, plan);

  if (body.stream === true) return writeEventStream(context, buildStream(response, output, plan, context.chunkSize));
  sendJson(context, 200, { ...response, output });
}

function readInput(input: unknown): { lastUserText: string; promptText: string } {
  if (typeof input === 'string') return { lastUserText: input, promptText: input };
  let lastUserText = '';
  let promptText = '';
  if (Array.isArray(input)) {
    for (const item of input) {
      if (item === null || typeof item !== 'object') continue;
      const { role, content, type } = item as { role?: unknown; content?: unknown; type?: unknown };
      if (type !== undefined && type !== 'message') continue;
      const text = contentToText(content);
      promptText += text;
      if (role === 'user') lastUserText = text;
    }
  }
  return { lastUserText, promptText };
}

function buildOutput(context: RequestContext, plan: ReplyPlan): OutputItem[] {
  const output: OutputItem[] = [];
  if (plan.text !== null) {
    output.push({
      id: context.createId('msg_'),
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: plan.text, annotations: [], logprobs: [] }],
    });
  }
  if (plan.toolCall) {
    output.push({
      id: context.createId('fc_'),
      type: 'function_call',
      status: 'completed',
      call_id: context.createId('call_'),
      name: plan.toolCall.name,
      arguments: plan.toolCall.argumentsJson,
    });
  }
  return output;
}

function buildStream(response: Record<string, unknown>, output: OutputItem[], plan: ReplyPlan, chunkSize: number): string[] {
  let sequenceNumber = 0;
  const event = (type: string, fields: Record<string, unknown>): string =>
    formatEvent({ type, sequence_number: sequenceNumber++, ...fields }, type);

  const pending = { ...response, status: 'in_progress', output: [], usage: null };
  const groups: string[] = [];
  let current = event('response.created', { response: pending }) + event('response.in_progress', { response: pending });

  output.forEach((item, outputIndex) => {
    if (item.type === 'message') {
      const text = plan.text ?? '';
      const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      current += event('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      current += event('response.content_part.added', { item_id: item.id, output_index: outputIndex, content_index: 0, part });
      for (const delta of splitText(text, chunkSize)) {
        groups.push(current);
        current = event('response.output_text.delta', { item_id: item.id, output_index: outputIndex, content_index: 0, delta, logprobs: [] });
      }
      current += event('response.output_text.done', { item_id: item.id, output_index: outputIndex, content_index: 0, text, logprobs: [] });
      current += event('response.content_part.done', { item_id: item.id, output_index: outputIndex, content_index: 0, part: { ...part, text } });
      current += event('response.output_item.done', { output_index: outputIndex, item });
    } else {
      const argumentsJson = String(item.arguments);
      current += event('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of splitText(argumentsJson, chunkSize)) {
        groups.push(current);
        current = event('response.function_call_arguments.delta', { item_id: item.id, output_index: outputIndex, delta });
      }
      current += event('response.function_call_arguments.done', { item_id: item.id, output_index: outputIndex, name: item.name, arguments: argumentsJson });
      current += event('response.output_item.done', { output_index: outputIndex, item });
    }
  });
  current += event('response.completed', { response: { ...response, output } });
  groups.push(current);
  return groups;
}
