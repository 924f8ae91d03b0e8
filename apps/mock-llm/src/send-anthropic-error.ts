import { sendJson, type JsonTarget } from './send-json';

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** Answers with the Anthropic error shape `{"type":"error","error":{"type","message"}}`. */
export function sendAnthropicError(
  target: JsonTarget,
  status: number,
  message: string,
): void {
  const type = ANTHROPIC_ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const body: Record<string, unknown> = { type: 'error', error: { type, message } };
  if (target.record) body.request_id = target.record.id;
  sendJson(target, status, body);
}
