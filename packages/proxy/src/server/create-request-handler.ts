import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Exchange } from "./exchange";
import { handleGuardedRoute } from "./guarded-route";
import { handleHealthz, handleMetrics, handleReadyz } from "./operational-routes";
import { handlePassthroughRoute } from "./passthrough-route";
import { handlePortkeyWebhook } from "./portkey-webhook";
import type { ProxyRuntime } from "./proxy-runtime";
import { RequestAbort } from "./request-abort";
import { parseRequestTarget, type RequestTarget } from "./request-target";
import { routeRequest } from "./route-request";
import { sendApiError } from "./send-response";

// A client-supplied id is propagated only when it is short and printable.
const REQUEST_ID = /^[\w.:/+=@-]{1,200}$/;

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

function clientIpOf(request: IncomingMessage, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = request.headers["x-forwarded-for"];
    const first = (typeof forwarded === "string" ? forwarded : forwarded?.[0])?.split(",")[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? undefined;
}

type OperationalHandler = (runtime: ProxyRuntime, exchange: Exchange) => void | Promise<void>;

/** The proxy's own read-only endpoints; every other path belongs to the upstream. */
const OPERATIONAL_ROUTES: ReadonlyMap<string, OperationalHandler> = new Map<string, OperationalHandler>([
  ["/healthz", (_runtime, exchange) => handleHealthz(exchange)],
  ["/readyz", handleReadyz],
  ["/metrics", handleMetrics],
]);

async function dispatch(runtime: ProxyRuntime, exchange: Exchange, target: RequestTarget): Promise<void> {
  const { request, response } = exchange;
  const operational = request.method === "GET" || request.method === "HEAD" ? OPERATIONAL_ROUTES.get(target.pathname) : undefined;
  if (operational) {
    exchange.route = target.pathname;
    return operational(runtime, exchange);
  }
  if (target.pathname === "/portkey/webhook" && runtime.portkeyWebhook) {
    exchange.route = target.pathname;
    return handlePortkeyWebhook(runtime, exchange, runtime.portkeyWebhook);
  }
  const route = routeRequest(request.method, target, request.headers, runtime.upstreams);
  exchange.route = route.label;
  if (runtime.inboundAuth && !runtime.inboundAuth(request.headers)) {
    exchange.action = "unauthorized";
    sendApiError(response, route.dialect, 401, "Missing or invalid proxy key: send it in the x-akto-proxy-key header", {
      code: "invalid_proxy_key",
    });
    return;
  }
  if (route.shape) return handleGuardedRoute(runtime, exchange, target, route.shape, route.upstream);
  return handlePassthroughRoute(runtime, exchange, target, route.upstream, route.dialect);
}

/** The `request` listener of the proxy's HTTP server: one exchange per request, logged and counted when done. */
export function createRequestHandler(runtime: ProxyRuntime, exchanges: Set<Exchange>): (request: IncomingMessage, response: ServerResponse) => void {
  const { logger, metrics } = runtime;
  return (request, response) => {
    const exchange: Exchange = {
      request,
      response,
      requestId: requestIdOf(request),
      startedAt: performance.now(),
      abort: new RequestAbort(),
      clientIp: clientIpOf(request, runtime.config.server.trustProxy),
      route: "unknown",
      action: "none",
      guardLatencyMs: 0,
    };
    exchanges.add(exchange);
    response.setHeader("x-request-id", exchange.requestId);
    if (runtime.isClosing()) response.setHeader("connection", "close");
    response.on("close", () => {
      if (!response.writableFinished) exchange.abort.abort();
    });

    const target = parseRequestTarget(request.url);
    let work: Promise<void>;
    if (target) work = dispatch(runtime, exchange, target);
    else {
      exchange.action = "rejected";
      sendApiError(response, "openai", 400, "Malformed request target", { code: "invalid_request_target" });
      work = Promise.resolve();
    }
    void runtime.tracker.track(
      work
        .catch((error: unknown) => {
          // A bug, not bad input: answer in the API's shape and keep serving.
          logger.error({ requestId: exchange.requestId, err: error }, "request handler failed");
          exchange.action = "internal_error";
          if (!response.headersSent) sendApiError(response, "openai", 500, "Internal proxy error", { code: "internal_error" });
          else response.destroy();
        })
        .finally(() => {
          exchanges.delete(exchange);
          const status = response.headersSent ? response.statusCode : 499;
          metrics.recordRequest(exchange.route, exchange.action);
          if (!logger.isLevelEnabled("info")) return;
          logger.info(
            {
              requestId: exchange.requestId,
              method: request.method,
              path: target?.pathname ?? "(invalid)",
              route: exchange.route,
              status,
              action: exchange.action,
              latencyMs: Math.round((performance.now() - exchange.startedAt) * 10) / 10,
              guardLatencyMs: Math.round(exchange.guardLatencyMs * 10) / 10,
              upstreamStatus: exchange.upstreamStatus,
            },
            "request",
          );
        }),
    );
  };
}
