import type { CallerSignal } from "./caller-signal";
import {
  classifyHttpStatus,
  GuardrailError,
  parseAktoResult,
  parseHttpProxyResult,
  type AktoRequest,
  type AktoResponse,
  type AktoTransport,
  type AktoVerdict,
  type ContextSource,
} from "@akto-guardrails/core";
import { Pool, type Dispatcher } from "undici";
import { VERSION } from "../version";
import { isRetryableConnectionFailure } from "./map-transport-error";
import { parseRetryAfter } from "./retry-after";
import { sendWithDeadline, type DeadlineRequest, type DeadlineResponse } from "./send-with-deadline";
import type { Mutable } from "../util/mutable";

export interface AktoClientOptions {
  /** Akto guardrails base URL. */
  readonly baseUrl: string;
  /** Akto API token; sent only to Akto. */
  readonly apiKey?: string;
  /** `bearer` (default) or `raw` on the guardrails routes. `/api/http-proxy` always gets the raw token, the threat route `Bearer`. */
  readonly authScheme?: "bearer" | "raw";
  readonly contextSource?: ContextSource;
  /** Default deadline per call (connect + headers + body). Default 3000. */
  readonly timeoutMs?: number;
  /** Connections per Akto origin. Default 32. */
  readonly maxConnections?: number;
  /** Larger answers are a `malformed_response` failure. Default 8 MiB. */
  readonly maxResponseBytes?: number;
}

export interface CallOptions {
  readonly timeoutMs?: number;
  readonly signal?: CallerSignal;
}

export interface HttpProxyFlags {
  readonly guardrails?: boolean;
  readonly responseGuardrails?: boolean;
  readonly ingestData?: boolean;
}

export interface HttpProxyResult {
  readonly request?: AktoVerdict;
  readonly response?: AktoVerdict;
}

/**
 * The Node client of Akto's guardrails API over undici pools (keep-alive, no pipelining,
 * bounded connections). It is also a core `AktoTransport`. Every failure is a `GuardrailError`
 * whose `code` names the failure class.
 */
export interface AktoClient extends AktoTransport {
  validateRequest(envelope: Readonly<Record<string, unknown>>, options?: CallOptions): Promise<AktoVerdict>;
  validateResponse(envelope: Readonly<Record<string, unknown>>, options?: CallOptions): Promise<AktoVerdict>;
  httpProxy(envelope: Readonly<Record<string, unknown>>, flags: HttpProxyFlags, options?: CallOptions): Promise<HttpProxyResult>;
  ingest(batch: Readonly<Record<string, unknown>>, options?: CallOptions): Promise<unknown>;
  /** Posts events to a threat-event URL (default: Akto's `record_malicious_event` on the base URL). */
  recordEvent(event: unknown, options?: CallOptions & { readonly url?: string }): Promise<void>;
  health(options?: CallOptions): Promise<{ readonly healthy: boolean; readonly status: number }>;
  close(): Promise<void>;
}

const MIN_RETRY_BUDGET_MS = 25;
const USER_AGENT = `akto-guardrails-sdk/${VERSION}`;

function expectSuccess(response: DeadlineResponse, route: string): void {
  if (response.status >= 200 && response.status <= 299) return;
  throw GuardrailError.fromFailureClass(classifyHttpStatus(response.status), `Akto ${route} answered HTTP ${response.status}`, {
    status: response.status,
  });
}

export function createAktoClient(options: AktoClientOptions): AktoClient {
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 3000;
  const maxResponseBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
  const pools = new Map<string, Pool>();

  const poolFor = (origin: string): Dispatcher => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: options.maxConnections ?? 32,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        connect: { timeout: timeoutMs },
      });
      pools.set(origin, pool);
    }
    return pool;
  };

  /** The `authorization` header value for a route, or `undefined` without an API key. */
  const authorization = (kind: "guardrails" | "http-proxy" | "threat"): string | undefined => {
    if (!options.apiKey) return undefined;
    if (kind === "http-proxy") return options.apiKey;
    if (kind === "threat" || (options.authScheme ?? "bearer") === "bearer") return `Bearer ${options.apiKey}`;
    return options.apiKey;
  };

  /** One call with the retry rules: one retry after a reset/refusal, one after a 429 whose Retry-After fits. */
  const call = async (
    url: URL,
    method: "GET" | "POST",
    body: string | undefined,
    extraHeaders: Readonly<Record<string, string>>,
    callOptions: CallOptions | undefined,
  ): Promise<DeadlineResponse> => {
    const deadline = Date.now() + (callOptions?.timeoutMs ?? timeoutMs);
    const kind = url.pathname.endsWith("/api/http-proxy") ? "http-proxy" : url.pathname.includes("/threat_detection/") ? "threat" : "guardrails";
    // Assignments rather than spreads: this runs once per guarded request.
    const headers: Record<string, string> = { "user-agent": USER_AGENT };
    if (body !== undefined) headers["content-type"] = "application/json";
    for (const name of Object.keys(extraHeaders)) headers[name] = extraHeaders[name]!;
    const credential = authorization(kind);
    if (credential !== undefined) headers["authorization"] = credential;
    const request: Mutable<DeadlineRequest> = {
      dispatcher: poolFor(url.origin),
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method,
      headers,
      deadline,
      maxResponseBytes,
    };
    if (body !== undefined) request.body = body;
    if (callOptions?.signal) request.signal = callOptions.signal;
    const attempt = () => sendWithDeadline(request);

    let response: DeadlineResponse;
    try {
      response = await attempt();
    } catch (error) {
      const failure = error as GuardrailError;
      if (!GuardrailError.isInstance(failure) || !isRetryableConnectionFailure(failure)) throw error;
      if (callOptions?.signal?.aborted || deadline - Date.now() < MIN_RETRY_BUDGET_MS) throw error;
      return attempt();
    }
    if (response.status === 429) {
      const header = response.headers["retry-after"];
      const wait = parseRetryAfter(Array.isArray(header) ? header[0] : header, Date.now());
      if (wait !== undefined && Date.now() + wait + MIN_RETRY_BUDGET_MS < deadline && !callOptions?.signal?.aborted) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        return attempt();
      }
    }
    return response;
  };

  // The client calls a handful of fixed routes; parsing their URL once each keeps `new URL` off the request path.
  const urls = new Map<string, URL>();
  const urlFor = (pathAndQuery: string): URL => {
    let url = urls.get(pathAndQuery);
    if (url === undefined) {
      url = new URL(`${basePath}${pathAndQuery}`, base.origin);
      if (urls.size < 64) urls.set(pathAndQuery, url);
    }
    return url;
  };

  const expectVerdict = (response: DeadlineResponse, parse: typeof parseAktoResult) => {
    const parsed = parse(response.status, response.body);
    if (!parsed.ok) {
      throw GuardrailError.fromFailureClass(parsed.failure.class, parsed.failure.message, {
        ...(parsed.failure.status === undefined ? {} : { status: parsed.failure.status }),
      });
    }
    return parsed.verdict;
  };

  const withContextSource = (envelope: Readonly<Record<string, unknown>>) =>
    options.contextSource && envelope["contextSource"] === undefined ? { ...envelope, contextSource: options.contextSource } : envelope;

  return {
    async send(request: AktoRequest, sendOptions): Promise<AktoResponse> {
      const response = await call(urlFor(request.path), "POST", request.body, request.headers, {
        timeoutMs: sendOptions.timeoutMs,
        ...(sendOptions.signal ? { signal: sendOptions.signal as CallerSignal } : {}),
      });
      return { status: response.status, body: response.body };
    },
    async validateRequest(envelope, callOptions) {
      const response = await call(urlFor("/api/validate/request"), "POST", JSON.stringify(withContextSource(envelope)), {}, callOptions);
      return expectVerdict(response, parseAktoResult);
    },
    async validateResponse(envelope, callOptions) {
      const response = await call(urlFor("/api/validate/response"), "POST", JSON.stringify(withContextSource(envelope)), {}, callOptions);
      return expectVerdict(response, parseAktoResult);
    },
    async httpProxy(envelope, flags, callOptions) {
      const query = new URLSearchParams();
      if (flags.guardrails) query.set("guardrails", "true");
      if (flags.responseGuardrails) query.set("response_guardrails", "true");
      if (flags.ingestData) query.set("ingest_data", "true");
      const response = await call(urlFor(`/api/http-proxy?${query}`), "POST", JSON.stringify(withContextSource(envelope)), {}, callOptions);
      const result: { request?: AktoVerdict; response?: AktoVerdict } = {};
      if (flags.guardrails) result.request = expectVerdict(response, (status, text) => parseHttpProxyResult(status, text, "request"));
      if (flags.responseGuardrails) result.response = expectVerdict(response, (status, text) => parseHttpProxyResult(status, text, "response"));
      if (!flags.guardrails && !flags.responseGuardrails) expectSuccess(response, "http-proxy");
      return result;
    },
    async ingest(batch, callOptions) {
      const response = await call(urlFor("/api/ingestData"), "POST", JSON.stringify(batch), {}, callOptions);
      expectSuccess(response, "ingestData");
      try {
        return JSON.parse(response.body) as unknown;
      } catch {
        throw GuardrailError.fromFailureClass("malformed_response", "ingestData answer is not valid JSON");
      }
    },
    async recordEvent(event, callOptions) {
      const url = callOptions?.url ? new URL(callOptions.url) : urlFor("/api/threat_detection/record_malicious_event");
      const response = await call(url, "POST", JSON.stringify(event), {}, callOptions);
      expectSuccess(response, "threat route");
    },
    async health(callOptions) {
      try {
        const response = await call(urlFor("/health"), "GET", undefined, {}, callOptions);
        return { healthy: response.status === 200, status: response.status };
      } catch (error) {
        if (GuardrailError.isInstance(error)) return { healthy: false, status: 0 };
        throw error;
      }
    },
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      pools.clear();
    },
  };
}
