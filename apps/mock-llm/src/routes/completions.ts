import { estimateTokens } from '../estimate-tokens';
import { prepareReply } from '../prepare-reply';
import type { ReplyPlan } from '../reply-plan';
import type { RequestContext } from '../request-context';
import { sendJson } from '../send-json';
import { sendOpenAiError } from '../send-openai-error';
import { splitText } from '../split-text';
import { formatEvent, writeEventStream } from '../write-event-stream';

const MAX_CHOICES = 128;

/** `POST /v1/completions` (legacy): `text_completion` JSON or SSE chunks. */
export async function handleCompletions(context: RequestContext): Promise<void> {
  const { body } = context;
  const sendError = (status: number, message: string, param: string | null = null): void =>
    sendOpenAiError(context, status, message, { param });

  if (typeof body.model !== 'string' || body.model.length === 0) return sendError(400, 'you must provide a model parameter', 'model');
  const prompts = normalizePrompt(body.prompt);
  if (prompts === null) {
    return sendError(400, "'prompt' must be a string, an array of strings, or an array of token arrays", 'prompt');
  }
  const choicesPerPrompt = body.n ?? 1;
  if (typeof choicesPerPrompt !== 'number' || !Number.isInteger(choicesPerPrompt) || choicesPerPrompt < 1 || choicesPerPrompt > MAX_CHOICES) {
    return sendError(400, `'n' must be an integer between 1 and ${MAX_CHOICES}`, 'n');
  }

  const plans = await prepareReply(context, prompts, sendError);
  if (plans === null) return;

  const echo = body.echo === true;
  // One choice per prompt and per `n`, indexed prompt-major as the API does.
  const texts: string[] = [];
  plans.forEach((plan, promptIndex) => {
    const text = (echo ? prompts[promptIndex] ?? '' : '') + replyText(plan);
    for (let copy = 0; copy < choicesPerPrompt; copy += 1) texts.push(text);
  });

  const id = context.createId('cmpl-');
  const created = Math.floor(Date.now() / 1000);
  const promptTokens = prompts.reduce((sum, prompt) => sum + estimateTokens(prompt), 0);
  const completionTokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };

  if (body.stream === true) {
    const options = body.stream_options as { include_usage?: unknown } | null | undefined;
    const includeUsage = options !== null && typeof options === 'object' && options.include_usage === true;
    const envelope = { id, object: 'text_completion', created, model: body.model };
    const choiceEvent = (text: string, index: number, finishReason: string | null): string =>
      formatEvent({ ...envelope, choices: [{ text, index, logprobs: null, finish_reason: finishReason }] });
    const pieces = texts.map((text) => splitText(text, context.chunkSize));
    const groups: string[] = [];
    const longest = Math.max(0, ...pieces.map((list) => list.length));
    for (let step = 0; step < longest; step += 1) {
      let group = '';
      pieces.forEach((list, index) => {
        const piece = list[step];
        if (piece !== undefined) group += choiceEvent(piece, index, null);
      });
      groups.push(group);
    }
    let trailer = texts.map((_text, index) => choiceEvent('', index, 'stop')).join('');
    if (includeUsage) trailer += formatEvent({ ...envelope, choices: [], usage });
    groups.push(trailer + 'data: [DONE]\n\n');
    return writeEventStream(context, groups);
  }

  sendJson(context, 200, {
    id,
    object: 'text_completion',
    created,
    model: body.model,
    system_fingerprint: 'fp_mock_llm',
    choices: texts.map((text, index) => ({ text, index, logprobs: null, finish_reason: 'stop' })),
    usage,
  });
}

/** The legacy API has no tool calls, so a scripted tool call is rendered as JSON text. */
function replyText(plan: ReplyPlan): string {
  const parts: string[] = [];
  if (plan.text !== null) parts.push(plan.text);
  if (plan.toolCall) parts.push(JSON.stringify({ name: plan.toolCall.name, arguments: plan.toolCall.input }));
  return parts.join(' ');
}

function normalizePrompt(prompt: unknown): string[] | null {
  if (typeof prompt === 'string') return [prompt];
  if (!Array.isArray(prompt) || prompt.length === 0) return null;
  if (prompt.every((item) => typeof item === 'string')) return prompt as string[];
  if (prompt.every((item) => typeof item === 'number')) return [prompt.join(' ')];
  if (prompt.every((item) => Array.isArray(item) && item.every((token) => typeof token === 'number'))) {
    return (prompt as number[][]).map((tokens) => tokens.join(' '));
  }
  return null;
}
