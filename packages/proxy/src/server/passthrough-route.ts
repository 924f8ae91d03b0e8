import type { ApiDialect } from "@akto-guardrails/core";
import type { Upstream } from "../upstream/create-upstreams";
import { joinUpstreamPath } from "../upstream/join-upstream-path";
import { buildUpstreamRequestHeaders } from "../upstream/upstream-request-headers";
import type { Exchange } from "./exchange";
import type { ProxyRuntime } from "./proxy-runtime";
import { relayResponse } from "./relay-response";
import type { RequestTarget } from "./request-target";
import { sendUpstream } from "./send-upstream";

function hasBody(headers: Exchange["request"]["headers"]): boolean {
  const length = headers["content-length"];
  return headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * Any route that is not a guarded LLM call (`GET /v1/models`, files, batches, ...): streamed both ways
 * without buffering; only hop-by-hop headers, `host` and the proxy key are changed.
 */
export async function handlePassthroughRoute(runtime: ProxyRuntime, exchange: Exchange, target: RequestTarget, upstream: Upstream, dialect: ApiDialect): Promise<void> {
  const { request } = exchange;
  exchange.action = "passthrough";
  const answer = await sendUpstream(runtime, exchange, {
    upstream,
    path: joinUpstreamPath(upstream.basePath, target.path),
    headers: buildUpstreamRequestHeaders(request.headers, { host: upstream.host, requestId: exchange.requestId }),
    body: hasBody(request.headers) ? request : null,
    dialect,
  });
  if (!answer) return;
  await relayResponse(exchange, answer);
}
