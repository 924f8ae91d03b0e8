import { MockLlmError } from './mock-llm-error';
import { MAX_DELAY_MS, type QueuedReply, type ToolCallPlan } from './reply-plan';
import { safeParseJson } from './safe-parse-json';

const REPLY_KEYS = new Set(['text', 'toolCall', 'status', 'delayMs']);

/**
 * Checks scripted replies (from code or `POST /__admin/script`) and normalises tool-call
 * arguments. Throws `MockLlmError` with code `MOCK_LLM_INVALID_SCRIPT`.
 */
export function validateScriptedReplies(input: unknown): QueuedReply[] {
  if (!Array.isArray(input)) throw invalid('replies must be an array');
  return input.map((reply: unknown, index) => validateReply(reply, `replies[${index}]`));
}

function validateReply(reply: unknown, where: string): QueuedReply {
  if (reply === null || typeof reply !== 'object' || Array.isArray(reply)) {
    throw invalid(`${where} must be an object`);
  }
  const record = reply as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!REPLY_KEYS.has(key)) throw invalid(`${where} has unknown key "${key}" (expected text, toolCall, status, delayMs)`);
  }
  const result: QueuedReply = {};
  if (record.text !== undefined) {
    if (typeof record.text !== 'string') throw invalid(`${where}.text must be a string`);
    result.text = record.text;
  }
  if (record.toolCall !== undefined) result.toolCall = validateToolCall(record.toolCall, `${where}.toolCall`);
  if (record.status !== undefined) {
    const status = record.status;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      throw invalid(`${where}.status must be an integer 400-599`);
    }
    result.status = status;
  }
  if (record.delayMs !== undefined) {
    const delayMs = record.delayMs;
    if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS) {
      throw invalid(`${where}.delayMs must be a number 0-${MAX_DELAY_MS}`);
    }
    result.delayMs = delayMs;
  }
  return result;
}

function validateToolCall(value: unknown, where: string): ToolCallPlan {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${where} must be an object`);
  const record = value as Record<string, unknown>;
  if (typeof record.name !== 'string' || record.name.length === 0) throw invalid(`${where}.name must be a non-empty string`);
  const rawArguments = record.arguments ?? {};
  let input: unknown = rawArguments;
  if (typeof rawArguments === 'string') {
    const parsed = safeParseJson(rawArguments);
    if (!parsed.success) throw invalid(`${where}.arguments is not valid JSON: ${parsed.error}`);
    input = parsed.value;
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalid(`${where}.arguments must be a JSON object (or a string holding one)`);
  }
  const argumentsJson = typeof rawArguments === 'string' ? rawArguments : JSON.stringify(input);
  return { name: record.name, argumentsJson, input: input as Record<string, unknown> };
}

function invalid(message: string): MockLlmError {
  return new MockLlmError({ code: 'MOCK_LLM_INVALID_SCRIPT', message });
}
