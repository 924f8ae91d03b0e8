import { createLogger } from "@akto-guardrails/sdk";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createProxyServer } from "@akto-guardrails/proxy";
import { CHAT_PATH, CHAT_REQUEST } from "../fixtures";
import { headerLatency, postJson } from "../http-json";
import type { AdapterDriver } from "../matrix-types";
import { waitForPostedEvent } from "../posted-events";
import { matrixGuardrailsOptions } from "./matrix-options";

/** `akto_guardrails_failures_total{class="..."} N` lines of a Prometheus exposition. */
function failureCounters(metrics: string): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const match of metrics.matchAll(/^akto_guardrails_failures_total\{class="([a-z_]+)"\} (\d+)$/gm)) counters[match[1]!] = Number(match[2]);
  return counters;
}

/** The proxy as a real server on 127.0.0.1:0 in front of mock-llm; the client is undici's fetch. */
export const proxyDriver: AdapterDriver = {
  name: "proxy",
  kind: "http",
  async run(input) {
    const { environment } = input;
    const proxy = createProxyServer(
      {
        ...matrixGuardrailsOptions(input, environment.newSpoolDir()),
        upstream: { openai: environment.llm.url },
        server: { host: "127.0.0.1", port: 0 },
      },
      { logger: createLogger({ level: "silent" }) },
    );
    const requestId = randomUUID();
    try {
      const { url } = await proxy.listen();
      const started = performance.now();
      const answer = await postJson(`${url}${CHAT_PATH}`, CHAT_REQUEST, { authorization: "Bearer sk-matrix-provider", "x-request-id": requestId });
      const elapsedMs = performance.now() - started;
      const posted = await waitForPostedEvent(environment.collector, (event) => event.requestId === requestId);
      const forwarded = environment.llm.admin.requests().some((recorded) => recorded.headers["x-request-id"] === requestId);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      return {
        failureCounters: failureCounters(metrics),
        outcome: answer.headers.get("x-akto-guardrails-action") ?? undefined,
        status: answer.status,
        failureClass: posted.event.failureClass,
        elapsedMs,
        decisionLatencyMs: headerLatency(answer.headers),
        forwarded,
      };
    } finally {
      await proxy.close();
    }
  },
};
