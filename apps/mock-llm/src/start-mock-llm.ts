import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdGenerator } from './create-id';
import { createRequestHandler } from './create-request-handler';
import { MockLlmError } from './mock-llm-error';
import type { MockLlmState } from './mock-llm-state';
import { createRequestRecorder } from './request-recorder';
import type { MockLlm, MockLlmOptions } from './types';
import { validateRuntimeOptions } from './validate-runtime-options';
import { validateScriptedReplies } from './validate-scripted-replies';

const DEFAULT_WAIT_TIMEOUT_MS = 5_000;

/**
 * Starts an OpenAI- and Anthropic-compatible mock LLM on `host:port` (default 127.0.0.1, any
 * free port). Rejects with `MockLlmError` (`MOCK_LLM_INVALID_OPTIONS`) on bad options, or with
 * the listen error (e.g. `EADDRINUSE`).
 */
export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const { host = '127.0.0.1', port = 0, maxRecordedRequests = 10_000, maxBodyBytes = 32 * 1024 * 1024 } = options;
  const runtime = validateRuntimeOptions({
    ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
    ...(options.chunkIntervalMs === undefined ? {} : { chunkIntervalMs: options.chunkIntervalMs }),
  });
  for (const [name, value] of [['maxRecordedRequests', maxRecordedRequests], ['maxBodyBytes', maxBodyBytes]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new MockLlmError({ code: 'MOCK_LLM_INVALID_OPTIONS', message: `${name} must be an integer >= 1` });
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new MockLlmError({ code: 'MOCK_LLM_INVALID_OPTIONS', message: 'port must be an integer 0-65535' });
  }

  const state: MockLlmState = {
    options: { chunkSize: 8, chunkIntervalMs: 0, ...runtime },
    scriptQueue: [],
    recorder: createRequestRecorder(maxRecordedRequests),
    createId: createIdGenerator(),
    maxBodyBytes,
    closing: false,
  };
  const server = createServer({ keepAliveTimeout: 65_000 }, createRequestHandler(state));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    admin: {
      requests: () => state.recorder.list(),
      clear: () => state.recorder.clear(),
      options: () => ({ ...state.options }),
      setOptions: (partial) => {
        Object.assign(state.options, validateRuntimeOptions(partial));
        return { ...state.options };
      },
      script: (replies) => {
        state.scriptQueue.push(...validateScriptedReplies(replies));
      },
      clearScript: () => {
        state.scriptQueue.length = 0;
      },
      waitForRequests: (count, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) => state.recorder.waitForRequests(count, timeoutMs),
      waitForAbort: (timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) => state.recorder.waitForAbort(timeoutMs),
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        state.closing = true;
        state.recorder.close();
        server.close(() => resolve());
        // Hung and keep-alive connections would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
