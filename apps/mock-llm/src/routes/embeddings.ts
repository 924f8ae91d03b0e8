import { embedText } from '../embed-text';
import { estimateTokens } from '../estimate-tokens';
import type { RequestContext } from '../request-context';
import { sendJson } from '../send-json';
import { sendOpenAiError } from '../send-openai-error';

const DEFAULT_DIMENSIONS = 8;
const MAX_DIMENSIONS = 4096;
const MAX_INPUTS = 2048;

/** `POST /v1/embeddings`: deterministic vectors, as float arrays or base64 float32 (little endian). */
export function handleEmbeddings(context: RequestContext): void {
  const { body } = context;
  const sendError = (message: string, param: string): void => sendOpenAiError(context, 400, message, { param });

  if (typeof body.model !== 'string' || body.model.length === 0) return sendError('you must provide a model parameter', 'model');
  const inputs = normalizeInput(body.input);
  if (inputs === null) {
    return sendError(`'input' must be a non-empty string, an array of up to ${MAX_INPUTS} strings, or token arrays`, 'input');
  }
  const encodingFormat = body.encoding_format ?? 'float';
  if (encodingFormat !== 'float' && encodingFormat !== 'base64') {
    return sendError("'encoding_format' must be 'float' or 'base64'", 'encoding_format');
  }
  const dimensions = body.dimensions ?? DEFAULT_DIMENSIONS;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    return sendError(`'dimensions' must be an integer between 1 and ${MAX_DIMENSIONS}`, 'dimensions');
  }

  let promptTokens = 0;
  const data = inputs.map((text, index) => {
    promptTokens += estimateTokens(text);
    const vector = embedText(text, dimensions);
    const embedding = encodingFormat === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  sendJson(context, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
}

function normalizeInput(input: unknown): string[] | null {
  if (typeof input === 'string') return input.length > 0 ? [input] : null;
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_INPUTS) return null;
  if (input.every((item) => typeof item === 'string' && item.length > 0)) return input as string[];
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  if (input.every((item) => Array.isArray(item) && item.length > 0 && item.every((token) => typeof token === 'number'))) {
    return (input as number[][]).map((tokens) => tokens.join(' '));
  }
  return null;
}
