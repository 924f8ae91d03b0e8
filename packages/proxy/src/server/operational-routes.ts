import type { Exchange } from "./exchange";
import type { ProxyRuntime } from "./proxy-runtime";
import { sendJson } from "./send-response";

/** `GET /healthz`: the process is up and serving. */
export function handleHealthz(exchange: Exchange): void {
  exchange.action = "ok";
  sendJson(exchange.response, 200, { status: "ok" });
}

/**
 * `GET /readyz`: 200 when Akto answers its health check and the circuit breaker is not open, else 503.
 * The body always carries both, so an operator sees why.
 */
export async function handleReadyz(runtime: ProxyRuntime, exchange: Exchange): Promise<void> {
  const health = await runtime.guardrails.health();
  const ready = health.akto.healthy && health.breaker.state !== "open" && !runtime.isClosing();
  exchange.action = ready ? "ready" : "not_ready";
  sendJson(exchange.response, ready ? 200 : 503, {
    status: ready ? "ready" : "not_ready",
    akto: { healthy: health.akto.healthy, status: health.akto.status },
    breaker: { state: health.breaker.state, consecutiveFailures: health.breaker.consecutiveFailures },
    closing: runtime.isClosing(),
  });
}

/** `GET /metrics`: Prometheus text format. */
export async function handleMetrics(runtime: ProxyRuntime, exchange: Exchange): Promise<void> {
  const text = await runtime.metrics.render();
  exchange.action = "ok";
  if (exchange.response.destroyed) return;
  exchange.response.writeHead(200, { "content-type": runtime.metrics.contentType, "content-length": String(Buffer.byteLength(text)) });
  exchange.response.end(text);
}
