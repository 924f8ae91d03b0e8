import type { ServerResponse } from 'node:http';
import { MockLlmError } from '../mock-llm-error';
import type { MockLlmState } from '../mock-llm-state';
import { safeParseJson } from '../safe-parse-json';
import { sendJson } from '../send-json';
import { sendOpenAiError } from '../send-openai-error';
import { validateRuntimeOptions } from '../validate-runtime-options';
import { validateScriptedReplies } from '../validate-scripted-replies';

/**
 * `/__admin/*`: read and clear recorded requests, queue scripted replies, change streaming
 * options. Admin calls are not recorded. Errors use the OpenAI error shape.
 */
export function handleAdmin(state: MockLlmState, response: ServerResponse, method: string, path: string, bodyText: string): void {
  const target = { response };
  const route = `${method} ${path}`;
  try {
    switch (route) {
      case 'GET /__admin/health':
        return sendJson(target, 200, { status: 'ok' });
      case 'GET /__admin/requests':
        return sendJson(target, 200, { requests: state.recorder.list() });
      case 'DELETE /__admin/requests':
        state.recorder.clear();
        return sendJson(target, 200, { cleared: true });
      case 'POST /__admin/script': {
        const body = parseObject(bodyText);
        const replies = validateScriptedReplies(body.replies);
        state.scriptQueue.push(...replies);
        return sendJson(target, 200, { queued: state.scriptQueue.length });
      }
      case 'GET /__admin/script':
        return sendJson(target, 200, { queued: state.scriptQueue.length });
      case 'DELETE /__admin/script':
        state.scriptQueue.length = 0;
        return sendJson(target, 200, { cleared: true });
      case 'GET /__admin/options':
        return sendJson(target, 200, state.options);
      case 'POST /__admin/options':
      case 'PUT /__admin/options':
      case 'PATCH /__admin/options':
        Object.assign(state.options, validateRuntimeOptions(parseObject(bodyText)));
        return sendJson(target, 200, state.options);
      default:
        return sendOpenAiError(target, 404, `Unknown admin route: ${method} ${path}`, { code: 'unknown_url' });
    }
  } catch (error) {
    if (MockLlmError.isInstance(error)) return sendOpenAiError(target, 400, error.message, { code: error.code });
    throw error;
  }
}

function parseObject(text: string): Record<string, unknown> {
  const parsed = safeParseJson(text);
  if (!parsed.success) throw new MockLlmError({ code: 'MOCK_LLM_INVALID_ARGUMENT', message: `body is not valid JSON: ${parsed.error}` });
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    throw new MockLlmError({ code: 'MOCK_LLM_INVALID_ARGUMENT', message: 'body must be a JSON object' });
  }
  return parsed.value as Record<string, unknown>;
}
