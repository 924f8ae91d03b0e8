import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockLlmState } from './mock-llm-state';
import { readRequestBody } from './read-request-body';
import type { RequestContext, RouteHandler } from './request-context';
import { handleAdmin } from './routes/admin';
import { handleAnthropicMessages } from './routes/anthropic-messages';
import { handleChatCompletions } from './routes/chat-completions';
import { handleCompletions } from './routes/completions';
import { handleEmbeddings } from './routes/embeddings';
import { handleListModels, handleRetrieveModel } from './routes/models';
import { handleResponses } from './routes/responses';
import { safeParseJson } from './safe-parse-json';
import { sendAnthropicError } from './send-anthropic-error';
import { sendOpenAiError } from './send-openai-error';
import type { RecordedRequest } from './types';
import { checkChunkIntervalMs, checkChunkSize } from './validate-runtime-options';

interface Route {
  handler: RouteHandler;
  /** POST routes need a JSON object body. */
  needsBody: boolean;
  anthropic: boolean;
}

const ROUTES = new Map<string, Route>([
  ['POST /v1/chat/completions', { handler: handleChatCompletions, needsBody: true, anthropic: false }],
  ['POST /v1/completions', { handler: handleCompletions, needsBody: true, anthropic: false }],
  ['POST /v1/responses', { handler: handleResponses, needsBody: true, anthropic: false }],
  ['POST /v1/embeddings', { handler: handleEmbeddings, needsBody: true, anthropic: false }],
  ['POST /v1/messages', { handler: handleAnthropicMessages, needsBody: true, anthropic: true }],
  ['GET /v1/models', { handler: handleListModels, needsBody: false, anthropic: false }],
]);
const MODEL_PREFIX = '/v1/models/';

/** The `node:http` request listener: records every non-admin request, then routes it. */
export function createRequestHandler(state: MockLlmState): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handleRequest(state, request, response).catch((error: unknown) => {
      // A bug in a route must not take the server down: answer 500 if we still can.
      if (!response.headersSent) {
        sendOpenAiError({ response }, 500, `mock-llm internal error: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        response.destroy();
      }
    });
  };
}

async function handleRequest(state: MockLlmState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET';
  const url = request.url ?? '/';
  const queryIndex = url.indexOf('?');
  const path = queryIndex === -1 ? url : url.slice(0, queryIndex);

  const controller = new AbortController();
  let record: RecordedRequest | undefined;
  let abortedEarly = false;
  response.on('finish', () => {
    if (record) record.completed = true;
  });
  response.on('close', () => {
    if (response.writableFinished) return;
    controller.abort();
    if (state.closing) return;
    if (record) {
      record.aborted = true;
      state.recorder.notifyAborted(record);
    } else {
      abortedEarly = true;
    }
  });

  const body = await readRequestBody(request, state.maxBodyBytes);
  if (path.startsWith('/__admin/')) {
    if (!body.aborted) handleAdmin(state, response, method, path, body.text);
    return;
  }

  const parsed = body.text.length > 0 ? safeParseJson(body.text) : undefined;
  record = {
    id: state.createId('req_'),
    method,
    path,
    url,
    headers: headersOf(request.rawHeaders),
    rawHeaders: request.rawHeaders,
    body: body.text,
    json: parsed?.success ? parsed.value : undefined,
    receivedAt: Date.now(),
    status: null,
    completed: false,
    aborted: body.aborted || abortedEarly,
  };
  state.recorder.add(record);
  if (record.aborted) return;

  let route = ROUTES.get(`${method} ${path}`);
  if (route === undefined && method === 'GET' && path.startsWith(MODEL_PREFIX) && path.length > MODEL_PREFIX.length) {
    const modelId = decodeSegment(path.slice(MODEL_PREFIX.length));
    route = { handler: (context) => handleRetrieveModel(context, modelId), needsBody: false, anthropic: false };
  }
  const target = { response, record };
  const sendError = (status: number, message: string, code: string | null = null): void =>
    route?.anthropic ? sendAnthropicError(target, status, message) : sendOpenAiError(target, status, message, { code });

  if (route === undefined) {
    return sendError(404, `Unknown request URL: ${method} ${path}. Please check the URL and method.`, 'unknown_url');
  }
  if (body.tooLarge) return sendError(413, `Request body is larger than ${state.maxBodyBytes} bytes.`);

  let json: Record<string, unknown> = {};
  if (route.needsBody) {
    if (parsed === undefined) return sendError(400, 'The request body is empty; expected a JSON object.');
    if (!parsed.success) {
      return sendError(400, `We could not parse the JSON body of your request (${parsed.error}). Send valid JSON.`);
    }
    if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      return sendError(400, 'The request body must be a JSON object.');
    }
    json = parsed.value as Record<string, unknown>;
  }

  let chunkSize = state.options.chunkSize;
  let chunkIntervalMs = state.options.chunkIntervalMs;
  const chunkSizeHeader = request.headers['x-mock-chunk-size'];
  const chunkIntervalHeader = request.headers['x-mock-chunk-interval-ms'];
  try {
    if (chunkSizeHeader !== undefined) chunkSize = checkChunkSize(Number(chunkSizeHeader));
    if (chunkIntervalHeader !== undefined) chunkIntervalMs = checkChunkIntervalMs(Number(chunkIntervalHeader));
  } catch (error) {
    return sendError(400, `Invalid x-mock-chunk-* header: ${error instanceof Error ? error.message : String(error)}`);
  }

  const context: RequestContext = {
    request,
    response,
    record,
    body: json,
    chunkSize,
    chunkIntervalMs,
    signal: controller.signal,
    createId: state.createId,
    takeScriptedReply: () => state.scriptQueue.shift(),
  };
  await route.handler(context);
}

/** Lower-case header map from the raw pairs, joining repeats the way `fetch` Headers does. */
function headersOf(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toLowerCase();
    const value = rawHeaders[index + 1]!;
    const existing = Object.hasOwn(headers, name) ? headers[name] : undefined;
    const joined = existing === undefined ? value : `${existing}, ${value}`;
    if (name === '__proto__') {
      // Plain assignment would change the object's prototype instead of storing the header.
      Object.defineProperty(headers, name, { value: joined, enumerable: true, writable: true, configurable: true });
    } else {
      headers[name] = joined;
    }
  }
  return headers;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
