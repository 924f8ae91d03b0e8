import { MockLlmError } from './mock-llm-error';
import type { MockLlmRuntimeOptions } from './types';

/** Largest accepted chunk interval; anything longer is almost certainly a typo. */
const MAX_CHUNK_INTERVAL_MS = 600_000;

/**
 * Checks a partial set of streaming options (from code, the admin API or the CLI) and returns
 * only the known keys. Throws `MockLlmError` with code `MOCK_LLM_INVALID_OPTIONS`.
 */
export function validateRuntimeOptions(input: unknown): Partial<MockLlmRuntimeOptions> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalid('options must be a JSON object');
  }
  const record = input as Record<string, unknown>;
  const result: Partial<MockLlmRuntimeOptions> = {};
  for (const key of Object.keys(record)) {
    if (key !== 'chunkSize' && key !== 'chunkIntervalMs') {
      throw invalid(`unknown option "${key}" (expected chunkSize, chunkIntervalMs)`);
    }
  }
  if (record.chunkSize !== undefined) {
    result.chunkSize = checkChunkSize(record.chunkSize);
  }
  if (record.chunkIntervalMs !== undefined) {
    result.chunkIntervalMs = checkChunkIntervalMs(record.chunkIntervalMs);
  }
  return result;
}

export function checkChunkSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid(`chunkSize must be an integer >= 1, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function checkChunkIntervalMs(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_CHUNK_INTERVAL_MS) {
    throw invalid(`chunkIntervalMs must be a number between 0 and ${MAX_CHUNK_INTERVAL_MS}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function invalid(message: string): MockLlmError {
  return new MockLlmError({ code: 'MOCK_LLM_INVALID_OPTIONS', message });
}
