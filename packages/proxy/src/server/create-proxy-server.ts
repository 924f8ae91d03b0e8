import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGuardrails, createLogger, type Guardrails } from "@akto-guardrails/sdk";
import type { Logger } from "pino";
import { parseProxyConfig, type ProxyConfig, type ProxyConfigInput } from "../config/proxy-config";
import { ProxyError } from "../errors/proxy-error";
import { createProxyMetrics, type ProxyMetrics } from "../metrics/create-proxy-metrics";
import { createUpstreams } from "../upstream/create-upstreams";
import { createRequestHandler } from "./create-request-handler";
import type { Exchange } from "./exchange";
import { createInboundAuth } from "./inbound-auth";
import { createInflightTracker } from "./inflight-tracker";
import { createPortkeyWebhookRoute } from "./portkey-webhook-route";
import type { ProxyRuntime } from "./proxy-runtime";

/** Platform parts a caller may supply. */
export interface ProxyServerDependencies {
  /** A pino logger; default: the sdk's `createLogger` (credentials redacted) at `logLevel`, on stdout. */
  readonly logger?: Logger;
}

export interface ProxyAddress {
  readonly host: string;
  readonly port: number;
  /** `http://HOST:PORT` */
  readonly url: string;
}

/** A running (or ready to run) proxy. */
export interface ProxyServer {
  /** Starts listening; resolves with the real URL (the real port when `server.port` is 0). */
  listen(): Promise<{ readonly url: string }>;
  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish within `server.shutdownGraceMs`
   * (then cut them), flush guardrail events (to Akto or the spool), close upstream connections.
   * Idempotent.
   */
  close(): Promise<void>;
  /** Set once listening. */
  readonly address: ProxyAddress | undefined;
  readonly guardrails: Guardrails;
  readonly config: ProxyConfig;
  readonly metrics: ProxyMetrics;
  readonly logger: Logger;
  /** The underlying `node:http` server. */
  readonly server: Server;
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/**
 * Creates the OpenAI- and Anthropic-compatible guardrails proxy. Validates `config` (throws one
 * `ProxyError` `ERR_INVALID_CONFIG` listing every problem), builds the guard engine, upstream pools and
 * metrics, and returns a server that is not listening yet.
 *
 * @example
 * const proxy = createProxyServer({ akto: { baseUrl: aktoUrl }, upstream: { openai: llmUrl }, server: { port: 0 } });
 * const { url } = await proxy.listen();   // point an OpenAI client at `${url}/v1`
 * await proxy.close();
 */
export function createProxyServer(input: ProxyConfigInput, dependencies: ProxyServerDependencies = {}): ProxyServer {
  const config = parseProxyConfig(input);
  const logger = dependencies.logger ?? createLogger({ level: config.logLevel, name: "akto-guardrails-proxy" });
  const guardrails = createGuardrails({ ...config.guardrailsInput, logger });
  const upstreams = createUpstreams(config.upstream);
  const metrics = createProxyMetrics(guardrails);
  const tracker = createInflightTracker();
  const exchanges = new Set<Exchange>();
  let closing: Promise<void> | undefined;
  let address: ProxyAddress | undefined;
  let listening: Promise<{ url: string }> | undefined;

  if (config.portkeyWebhook.enabled && config.portkeyWebhook.token === undefined) {
    logger.warn("portkeyWebhook is enabled without a token: anyone who can reach the proxy can use it");
  }
  if (config.server.inboundApiKeys.length === 0 && !/^(127\.|::1$|localhost$)/.test(config.server.host)) {
    logger.warn({ host: config.server.host }, "no inboundApiKeys configured: the proxy is an open relay for anyone who can reach it");
  }

  const runtime: ProxyRuntime = {
    config,
    guardrails,
    upstreams,
    metrics,
    logger,
    inboundAuth: createInboundAuth(config.server.inboundApiKeys),
    tracker,
    portkeyWebhook: config.portkeyWebhook.enabled
      ? createPortkeyWebhookRoute({ guardrails, ...(config.portkeyWebhook.token ? { token: config.portkeyWebhook.token } : {}) })
      : undefined,
    isClosing: () => closing !== undefined,
  };
  const { headersTimeoutMs, requestTimeoutMs } = config.server;
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node checks those deadlines only every 30 s by default; check often enough to honour them.
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(headersTimeoutMs / 4))),
    },
    createRequestHandler(runtime, exchanges),
  );

  const shutdown = async () => {
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = await tracker.drain(config.server.shutdownGraceMs);
    if (!drained) {
      logger.warn({ inFlight: tracker.size }, "shutdown grace period over; cutting the remaining requests");
      for (const exchange of exchanges) {
        exchange.abort.abort();
        exchange.response.destroy();
      }
      await tracker.drain(1_000);
    }
    server.closeAllConnections();
    metrics.dispose();
    await guardrails.close();
    await (drained ? upstreams.close() : upstreams.destroy());
    if (listening) await serverClosed;
  };

  return {
    listen() {
      if (closing) return Promise.reject(new ProxyError({ code: "ERR_SERVER_STATE", message: "the proxy is closed" }));
      listening ??= new Promise<{ url: string }>((resolve, reject) => {
        const onError = (error: Error) => {
          listening = undefined;
          reject(error);
        };
        server.once("error", onError);
        server.listen(config.server.port, config.server.host, () => {
          server.off("error", onError);
          const info = server.address() as AddressInfo;
          address = { host: config.server.host, port: info.port, url: formatUrl(config.server.host, info.port) };
          resolve({ url: address.url });
        });
      });
      return listening;
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
    get address() {
      return address;
    },
    guardrails,
    config,
    metrics,
    logger,
    server,
  };
}
