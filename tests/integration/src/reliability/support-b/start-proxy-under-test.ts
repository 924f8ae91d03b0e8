import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI } from "./cli-paths";
import { startCliProcess, type CliProcess } from "./start-cli-process";

export interface ProxyUnderTest {
  /** The proxy CLI as a child process: a crash shows as `alive() === false`, not as a dead test runner. */
  readonly process: CliProcess;
  readonly url: string;
  /** Stops the proxy (SIGTERM) and removes its config and spool. */
  close(): Promise<void>;
}

export interface StartProxyUnderTestOptions {
  readonly aktoUrl: string;
  readonly llmUrl: string;
  /** Merged over the defaults (shallowly, per top-level key). */
  readonly config?: Record<string, unknown>;
}

/**
 * Runs the built proxy CLI with a config file: port 0 on 127.0.0.1, breaker and cache off (every call
 * reaches Akto), a temp spool, warnings only in the log.
 */
export async function startProxyUnderTest(options: StartProxyUnderTestOptions): Promise<ProxyUnderTest> {
  const directory = mkdtempSync(join(tmpdir(), "hostile-proxy-"));
  const configFile = join(directory, "proxy.json");
  writeFileSync(
    configFile,
    JSON.stringify({
      akto: { baseUrl: options.aktoUrl },
      upstream: { openai: options.llmUrl, anthropic: options.llmUrl },
      timeoutMs: 3_000,
      breaker: { enabled: false },
      cache: { enabled: false },
      events: { spoolDir: join(directory, "spool"), flushIntervalMs: 100 },
      logLevel: "warn",
      ...options.config,
      server: { host: "127.0.0.1", port: 0, ...(options.config?.["server"] as object | undefined) },
    }),
  );
  const child = await startCliProcess({ name: "proxy", cli: CLI.proxy, args: ["--config", configFile] });
  return {
    process: child,
    url: child.url,
    async close() {
      await child.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
