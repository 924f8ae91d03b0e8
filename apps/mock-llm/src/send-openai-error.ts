import { sendJson, type JsonTarget } from './send-json';

// OpenAI reports nearly every 4xx as `invalid_request_error`; rate limits and 5xx differ.
const OPENAI_ERROR_TYPES: Record<number, string> = { 429: 'rate_limit_error' };

export interface OpenAiErrorDetails {
  param?: string | null;
  code?: string | null;
  type?: string;
}

/** Answers with the OpenAI error shape `{"error":{"message","type","param","code"}}`. */
export function sendOpenAiError(
  target: JsonTarget,
  status: number,
  message: string,
  details: OpenAiErrorDetails = {},
): void {
  const type = details.type ?? OPENAI_ERROR_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
  sendJson(target, status, { error: { message, type, param: details.param ?? null, code: details.code ?? null } });
}
