import type { GuardResult } from "@akto-guardrails/core";
import type { Guardrails } from "@akto-guardrails/sdk";
import { Counter, Gauge, Histogram, Registry } from "prom-client";

/** The proxy's Prometheus metrics, on a registry of its own (never prom-client's global one). */
export interface ProxyMetrics {
  readonly registry: Registry;
  /** One finished request: `route` is the API route (or `passthrough`, `healthz`, ...), `action` what happened. */
  recordRequest(route: string, action: string): void;
  /** Time to the upstream's response headers. */
  observeUpstream(route: string, seconds: number): void;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
  /** Stops listening to guard results. */
  dispose(): void;
}

/** `metric.labels(...)` looked up once per label set, then reused. */
function labelledChildren<T>(labels: (...values: string[]) => T): (...values: string[]) => T {
  const made = new Map<string, T>();
  return (...values) => {
    const key = values.join("\u0000");
    let child = made.get(key);
    if (child === undefined) {
      child = labels(...values);
      made.set(key, child);
    }
    return child;
  };
}

const BREAKER_STATE_VALUE: Readonly<Record<string, number>> = { closed: 0, "half-open": 1, half_open: 1, open: 2 };

/**
 * Requests by route and action, guard latency by stage, failures by class (from every guard result),
 * and, read from `guardrails.stats()` at scrape time: breaker state, cache hits/misses, event queue
 * depth and spool size.
 */
export function createProxyMetrics(guardrails: Guardrails): ProxyMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: "akto_guardrails_requests_total",
    help: "Requests handled by the proxy, by route and guardrails action",
    labelNames: ["route", "action"],
    registers: [registry],
  });
  const guardLatency = new Histogram({
    name: "akto_guardrails_guard_latency_seconds",
    help: "Time spent deciding (Akto call included), by stage",
    labelNames: ["stage"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const failures = new Counter({
    name: "akto_guardrails_failures_total",
    help: "Guard calls that got no verdict, by failure class",
    labelNames: ["class"],
    registers: [registry],
  });
  const upstreamLatency = new Histogram({
    name: "akto_guardrails_upstream_latency_seconds",
    help: "Time to the upstream's response headers, by route",
    labelNames: ["route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  new Gauge({
    name: "akto_guardrails_breaker_state",
    help: "Circuit breaker around Akto: 0 closed, 1 half-open, 2 open",
    registers: [registry],
    collect() {
      this.set(BREAKER_STATE_VALUE[guardrails.stats().breaker.state] ?? 0);
    },
  });
  new Counter({
    name: "akto_guardrails_cache_hits_total",
    help: "Verdict cache hits",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(guardrails.stats().cache?.hits ?? 0);
    },
  });
  new Counter({
    name: "akto_guardrails_cache_misses_total",
    help: "Verdict cache misses",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(guardrails.stats().cache?.misses ?? 0);
    },
  });
  new Gauge({
    name: "akto_guardrails_event_queue_depth",
    help: "Guardrail events waiting in memory for delivery to Akto",
    registers: [registry],
    collect() {
      this.set(guardrails.stats().events.queued);
    },
  });
  new Gauge({
    name: "akto_guardrails_event_spool_size",
    help: "Guardrail events kept in the on-disk spool while Akto is unreachable",
    registers: [registry],
    collect() {
      this.set(guardrails.stats().events.spooled);
    },
  });

  // Labelled children are looked up once per label set: prom-client validates and hashes labels on every
  // `observe({...})`, which shows on the request path. Label values come from fixed sets (routes, actions).
  const requestCounter = labelledChildren((...values) => requests.labels(...values));
  const guardLatencyByStage = labelledChildren((...values) => guardLatency.labels(...values));
  const upstreamLatencyByRoute = labelledChildren((...values) => upstreamLatency.labels(...values));

  const unsubscribe = guardrails.onResult((result: GuardResult) => {
    guardLatencyByStage(result.decision.stage).observe(result.latencyMs / 1000);
    if (result.decision.failure) failures.inc({ class: result.decision.failure.class });
  });

  return {
    registry,
    recordRequest(route, action) {
      requestCounter(route, action).inc();
    },
    observeUpstream(route, seconds) {
      upstreamLatencyByRoute(route).observe(seconds);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
    dispose: unsubscribe,
  };
}
