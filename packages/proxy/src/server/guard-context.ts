import type { GuardContext } from "@akto-guardrails/core";
import { connectionListedHeaders, isHopByHop } from "../upstream/hop-by-hop";
import type { Upstream } from "../upstream/create-upstreams";
import type { Exchange } from "./exchange";
import { PROXY_KEY_HEADER } from "./inbound-auth";
import type { RequestTarget } from "./request-target";

function first(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : value?.[0];
}

/**
 * What Akto is told about the call. Headers are the client's minus hop-by-hop headers and the proxy key;
 * core removes every credential header before the envelope leaves. `host` is the upstream's, because
 * Akto scopes policies by host.
 */
export function buildGuardContext(exchange: Exchange, target: RequestTarget, upstream: Upstream): GuardContext {
  const incoming = exchange.request.headers;
  const listed = connectionListedHeaders(incoming);
  const headers: Record<string, string | string[]> = {};
  for (const name of Object.keys(incoming)) {
    const value = incoming[name];
    if (value === undefined || name === PROXY_KEY_HEADER || isHopByHop(name, listed)) continue;
    headers[name] = value;
  }
  headers["host"] = upstream.host;
  headers["x-request-id"] = exchange.requestId;
  const sessionId = first(incoming["x-session-id"]);
  return {
    path: target.pathname,
    method: exchange.request.method ?? "POST",
    headers,
    requestId: exchange.requestId,
    ...(exchange.clientIp ? { ip: exchange.clientIp } : {}),
    ...(sessionId ? { sessionId } : {}),
  };
}
