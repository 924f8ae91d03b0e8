import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProxyServer, type ProxyServer } from "../server/create-proxy-server";
import type { ProxyConfigInput } from "../config/proxy-config";
import { mergeConfig } from "../config/merge-config";
import { createLogger } from "@akto-guardrails/sdk";
import { captureLogs, type LogCapture } from "@akto-guardrails/test-support";
import type { Logger } from "pino";

export interface TestProxy {
  readonly proxy: ProxyServer;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly logs: LogCapture<Logger>;
  close(): Promise<void>;
}

export interface StartTestProxyOptions {
  readonly aktoUrl: string;
  readonly llmUrl: string;
  /** Merged over the test defaults (port 0, a temp spool, breaker and cache off so every call reaches Akto). */
  readonly config?: Record<string, unknown>;
}

/** Starts a proxy on 127.0.0.1:0 in front of the given Akto and LLM, logging into memory. */
export async function startTestProxy(options: StartTestProxyOptions): Promise<TestProxy> {
  const logs = captureLogs(createLogger);
  const config = mergeConfig(
    {
      akto: { baseUrl: options.aktoUrl },
      upstream: { openai: options.llmUrl },
      server: { host: "127.0.0.1", port: 0 },
      timeoutMs: 1_000,
      breaker: { enabled: false },
      cache: { enabled: false },
      events: { spoolDir: mkdtempSync(join(tmpdir(), "proxy-spool-")), flushIntervalMs: 20 },
    },
    options.config,
  ) as ProxyConfigInput;
  const proxy = createProxyServer(config, { logger: logs.logger });
  const { url } = await proxy.listen();
  return { proxy, url, logs, close: () => proxy.close() };
}
