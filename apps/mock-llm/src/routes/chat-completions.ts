import { contentToText } from '../content-to-text';
import { estimateTokens } from '../estimate-tokens';
import { prepareReply } from '../prepare-reply';
import type { ReplyPlan } from '../reply-plan';
import type { RequestContext } from '../request-context';
import { sendJson } from '../send-json';
import { sendOpenAiError } from '../send-openai-error';
import { splitText } from '../split-text';
import { formatEvent, writeEventStream } from '../write-event-stream';

const MAX_CHOICES = 128;

/** `POST /v1/chat/completions`: `chat.completion` JSON or `chat.completion.chunk` SSE. */
export async function handleChatCompletions(context: RequestContext): Promise<void> {
  const { body } = context;
  const sendError = (status: number, message: string, param: string | null = null): void =>
    sendOpenAiError(context, status, message, { param });

  if (typeof body.model !== 'string' || body.model.length === 0) return sendError(400, 'you must provide a model parameter', 'model');
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return sendError(400, "'messages' must be a non-empty array", 'messages');
  }
  let promptText = '';
  let lastUserText = '';
  for (let index = 0; index < messages.length; index += 1) {
    const message: unknown = messages[index];
    if (message === null || typeof message !== 'object' || typeof (message as { role?: unknown }).role !== 'string') {
      return sendError(400, `Invalid value for 'messages[${index}]': expected an object with a string 'role'`, `messages[${index}]`);
    }
    const { role, content } = message as { role: string; content?: unknown };
    const text = contentToText(content);
    promptText += text;
    if (role === 'user') lastUserText = text;
  }
  const choiceCount = body.n ?? 1;
  if (typeof choiceCount !== 'number' || !Number.isInteger(choiceCount) || choiceCount < 1 || choiceCount > MAX_CHOICES) {
    return sendError(400, `'n' must be an integer between 1 and ${MAX_CHOICES}`, 'n');
  }

  const plans = await prepareReply(context, [lastUserText], sendError);
  const plan = plans?.[0];
  if (plan === undefined) return;

  const id = context.createId('chatcmpl-');
  const created = Math.floor(Date.now() / 1000);
  const completionTokens = choiceCount * (estimateTokens(plan.text ?? '') + estimateTokens(plan.toolCall?.argumentsJson ?? ''));
  const promptTokens = estimateTokens(promptText);
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  const finishReason = plan.toolCall ? 'tool_calls' : 'stop';

  if (body.stream === true) {
    const options = body.stream_options as { include_usage?: unknown } | null | undefined;
    const includeUsage = options !== null && typeof options === 'object' && options.include_usage === true;
    const toolCallIds = Array.from({ length: choiceCount }, () => context.createId('call_'));
    const groups = buildStream({ id, created, model: body.model, plan, choiceCount, toolCallIds, chunkSize: context.chunkSize, includeUsage, usage, finishReason });
    return writeEventStream(context, groups);
  }

  const choices = [];
  for (let index = 0; index < choiceCount; index += 1) {
    const message: Record<string, unknown> = { role: 'assistant', content: plan.text, refusal: null, annotations: [] };
    if (plan.toolCall) {
      message.tool_calls = [
        { id: context.createId('call_'), type: 'function', function: { name: plan.toolCall.name, arguments: plan.toolCall.argumentsJson } },
      ];
    }
    choices.push({ index, message, logprobs: null, finish_reason: finishReason });
  }
  sendJson(context, 200, {
    id,
    object: 'chat.completion',
    created,
    model: body.model,
    choices,
    usage,
    service_tier: 'default',
    system_fingerprint: 'fp_mock_llm',
  });
}

interface StreamParameters {
  id: string;
  created: number;
  model: string;
  plan: ReplyPlan;
  choiceCount: number;
  toolCallIds: string[];
  chunkSize: number;
  includeUsage: boolean;
  usage: unknown;
  finishReason: string;
}

function buildStream(parameters: StreamParameters): string[] {
  const { plan, choiceCount, chunkSize } = parameters;
  // Every chunk shares this envelope; building it once keeps long streams cheap.
  const head =
    `data: {"id":${JSON.stringify(parameters.id)},"object":"chat.completion.chunk","created":${parameters.created},` +
    `"model":${JSON.stringify(parameters.model)},"system_fingerprint":"fp_mock_llm","choices":[`;
  const tail = parameters.includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  const chunk = (delta: (index: number) => unknown, finishReason: string | null = null): string => {
    let events = '';
    for (let index = 0; index < choiceCount; index += 1) {
      const choice = { index, delta: delta(index), logprobs: null, finish_reason: finishReason };
      events += head + JSON.stringify(choice) + tail;
    }
    return events;
  };

  const groups: string[] = [chunk(() => ({ role: 'assistant', content: plan.text === null ? null : '' }))];
  for (const piece of splitText(plan.text ?? '', chunkSize)) groups.push(chunk(() => ({ content: piece })));
  const toolCall = plan.toolCall;
  if (toolCall) {
    groups.push(
      chunk((index) => ({
        tool_calls: [{ index: 0, id: parameters.toolCallIds[index], type: 'function', function: { name: toolCall.name, arguments: '' } }],
      })),
    );
    for (const piece of splitText(toolCall.argumentsJson, chunkSize)) {
      groups.push(chunk(() => ({ tool_calls: [{ index: 0, function: { arguments: piece } }] })));
    }
  }
  let trailer = chunk(() => ({}), parameters.finishReason);
  if (parameters.includeUsage) {
    trailer += formatEvent({
      id: parameters.id,
      object: 'chat.completion.chunk',
      created: parameters.created,
      model: parameters.model,
      system_fingerprint: 'fp_mock_llm',
      choices: [],
      usage: parameters.usage,
    });
  }
  groups.push(trailer + 'data: [DONE]\n\n');
  return groups;
}
