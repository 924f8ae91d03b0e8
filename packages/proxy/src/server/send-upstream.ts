import { performance } from "node:perf_hooks";
import type { ApiDialect } from "@akto-guardrails/core";
import type { Dispatcher } from "undici";
import type { Upstream } from "../upstream/create-upstreams";
import { classifyUpstreamError, isAbortError } from "../upstream/upstream-error";
import type { Exchange } from "./exchange";
import type { ProxyRuntime } from "./proxy-runtime";
import { sendApiError, type ResponseHeaders } from "./send-response";

export interface UpstreamCall {
  readonly upstream: Upstream;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: Dispatcher.DispatchOptions["body"];
  readonly dialect: ApiDialect;
  /** Headers for the error answer when the call fails (e.g. the input decision). */
  readonly errorHeaders?: ResponseHeaders;
}

/**
 * Calls the upstream. On failure answers the client with 502/504 in its API's error format and
 * resolves `undefined`; when the client itself went away, resolves `undefined` without answering.
 */
export async function sendUpstream(runtime: ProxyRuntime, exchange: Exchange, call: UpstreamCall): Promise<Dispatcher.ResponseData | undefined> {
  const started = performance.now();
  try {
    const answer = await call.upstream.pool.request({
      path: call.path,
      method: (exchange.request.method ?? "GET") as Dispatcher.HttpMethod,
      headers: call.headers,
      body: call.body,
      signal: exchange.abort,
    });
    runtime.metrics.observeUpstream(exchange.route, (performance.now() - started) / 1000);
    exchange.upstreamStatus = answer.statusCode;
    return answer;
  } catch (error) {
    if (exchange.abort.aborted || isAbortError(error)) return undefined;
    const failure = classifyUpstreamError(error);
    exchange.action = "upstream_error";
    runtime.logger.warn({ requestId: exchange.requestId, upstream: call.upstream.origin, kind: failure.kind, code: (error as { code?: string }).code }, "upstream call failed");
    sendApiError(exchange.response, call.dialect, failure.status, failure.message, {
      code: failure.kind === "timeout" ? "upstream_timeout" : "upstream_unavailable",
      ...(call.errorHeaders ? { headers: call.errorHeaders } : {}),
    });
    return undefined;
  }
}
