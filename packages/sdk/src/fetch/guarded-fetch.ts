import {
  apiDialectForShape,
  buildApiError,
  buildBlockedResponse,
  decisionHeaders,
  detectApiShape,
  safeStringifyJson,
  streamFormatForShape,
  type ApiShape,
  type Decision,
  type GuardContext,
} from "@akto-guardrails/core";
import { createGuardrails, type CreateGuardrailsOptions, type Guardrails } from "../guard/create-guardrails";
import { guardSseStream } from "../stream/guard-sse-stream";

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A `fetch` with Akto guardrails in front of it, plus the engine behind it. */
export interface GuardedFetch extends FetchFunction {
  readonly guardrails: Guardrails;
  /** Flushes events and closes connections (only when this fetch created the engine). */
  close(): Promise<void>;
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

function isGuardrails(value: CreateGuardrailsOptions | Guardrails): value is Guardrails {
  return typeof (value as Guardrails).checkRequest === "function";
}

async function readRequestBody(input: string | URL | Request, init: RequestInit | undefined): Promise<string | undefined> {
  if (init?.body !== undefined && init.body !== null) return typeof init.body === "string" ? init.body : undefined;
  if (input instanceof Request && input.body) return input.clone().text();
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// Headers that describe the original body; a rewritten body must not carry them.
const BODY_HEADERS = ["content-length", "content-encoding", "transfer-encoding"];

function rebuiltHeaders(response: Response, extra: Record<string, string>): Headers {
  const headers = new Headers(response.headers);
  for (const name of BODY_HEADERS) headers.delete(name);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return headers;
}

/**
 * Returns a `fetch` that the official `openai` and `@anthropic-ai/sdk` clients (and any SDK that
 * accepts a custom fetch) can take. Requests to the LLM API routes are checked before they leave:
 * a block becomes a 403 (503 when failing closed) in the API's own error format, which the SDK
 * raises as its normal API error; a sanitized body is sent instead of the original. Responses are
 * checked on the way back per `output` (JSON whole; streams in windows, cut with the spec-valid
 * termination on block). Everything else passes through untouched.
 */
export function guardedFetch(options: CreateGuardrailsOptions | Guardrails, baseFetch?: FetchFunction): GuardedFetch {
  const ownsEngine = !isGuardrails(options);
  const guardrails = isGuardrails(options) ? options : createGuardrails(options);
  const outputMode = guardrails.options.output.mode;

  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const fetchImplementation = baseFetch ?? globalThis.fetch;
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    // Only the LLM API routes are guarded, recognised by path alone; everything else passes untouched.
    const shape = method === "POST" ? detectApiShape(url.pathname, undefined) : "unknown";
    if (shape === "unknown") return fetchImplementation(input, init);
    const bodyText = await readRequestBody(input, init);
    const body = bodyText === undefined ? undefined : parseJson(bodyText);
    if (typeof body !== "object" || body === null) return fetchImplementation(input, init);

    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const context: GuardContext = {
      path: url.pathname,
      method,
      headers: { host: url.host, "user-agent": headers.get("user-agent") ?? "" },
      ...(headers.get("x-request-id") ? { requestId: headers.get("x-request-id")! } : {}),
      ...(headers.get("x-session-id") ? { sessionId: headers.get("x-session-id")! } : {}),
    };
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);

    const checked = await guardrails.checkRequest(body, { ...context, shape, ...(bodyText === undefined ? {} : { rawBody: bodyText }), ...(signal ? { signal } : {}) });
    if (checked.decision.action === "block") {
      const blocked = buildBlockedResponse(shape, checked.decision);
      return jsonResponse(blocked.status, blocked.body, decisionHeaders(checked.decision, checked.latencyMs));
    }
    const sanitizedText = checked.changed ? safeStringifyJson(checked.body) : undefined;
    if (checked.changed && sanitizedText === undefined) {
      // Never send the unsanitized original instead.
      const message = "The sanitized request could not be serialised (it is nested too deeply) and was not sent";
      return jsonResponse(400, buildApiError({ dialect: apiDialectForShape(shape), status: 400, message, code: "request_too_deeply_nested" }), {});
    }
    const forwardInit: RequestInit = checked.changed ? { ...init, body: sanitizedText! } : (init ?? {});
    if (checked.changed) {
      headers.delete("content-length");
      forwardInit.headers = headers;
    }
    const response = await fetchImplementation(input instanceof Request && !checked.changed ? input : url, {
      ...(input instanceof Request ? { method: input.method, headers } : {}),
      ...forwardInit,
    });
    if (outputMode === "off" || !response.ok || !response.body) return response;
    return guardResponse(response, shape, checked.body, context, checked.decision);
  };

  const guardResponse = async (
    response: Response,
    shape: ApiShape,
    request: unknown,
    context: GuardContext,
    inputDecision: Decision,
  ): Promise<Response> => {
    const contentType = response.headers.get("content-type") ?? "";
    if (contentType.includes("text/event-stream") && streamFormatForShape(shape)) {
      const upstream = response.body!.getReader();
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const driver = guardSseStream({
            guardrails,
            shape,
            mode: outputMode === "audit" ? "audit" : outputMode === "buffer" ? "buffer" : "window",
            context,
            write: (text) => controller.enqueue(encoder.encode(text)),
            end: () => controller.close(),
            abortUpstream: () => void upstream.cancel().catch(() => undefined),
          });
          void (async () => {
            try {
              for (;;) {
                const { done, value } = await upstream.read();
                if (done) break;
                driver.push(value);
              }
            } catch {
              // The upstream broke off: guard and release what arrived.
            }
            driver.end();
          })();
        },
      });
      return new Response(stream, { status: response.status, headers: rebuiltHeaders(response, { "x-akto-guardrails-action": inputDecision.outcome }) });
    }
    if (!contentType.includes("json")) return response;
    const text = await response.text();
    const json = parseJson(text);
    if (json === undefined) return new Response(text, { status: response.status, headers: rebuiltHeaders(response, {}) });
    const checked = await guardrails.checkResponse(json, { ...context, shape, request });
    if (checked.decision.action === "block") {
      const blocked = buildBlockedResponse(shape, checked.decision);
      return jsonResponse(blocked.status, blocked.body, decisionHeaders(checked.decision, checked.latencyMs));
    }
    const sanitizedAnswer = checked.changed ? safeStringifyJson(checked.body) : text;
    if (sanitizedAnswer === undefined) {
      const message = "The sanitized response could not be serialised (it is nested too deeply) and was withheld";
      return jsonResponse(502, buildApiError({ dialect: apiDialectForShape(shape), status: 502, message, code: "upstream_response_unscannable" }), {});
    }
    return new Response(sanitizedAnswer, {
      status: response.status,
      headers: rebuiltHeaders(response, decisionHeaders(checked.decision, checked.latencyMs)),
    });
  };

  return Object.assign(guarded, {
    guardrails,
    close: async () => {
      if (ownsEngine) await guardrails.close();
    },
  });
}
