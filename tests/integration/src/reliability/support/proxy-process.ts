import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The built CLI of @akto-guardrails/proxy (`dist/cli.js`). */
export const PROXY_CLI = join(dirname(require.resolve("@akto-guardrails/proxy/package.json")), "dist", "cli.js");

export interface ProxyExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ProxyProcess {
  readonly pid: number;
  /** `http://127.0.0.1:PORT`, from the ready line. */
  readonly url: string;
  /** Every JSON log line written to stdout so far, parsed. */
  logEntries(): Array<Record<string, unknown>>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Sends a signal and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<ProxyExit>;
  readonly exited: Promise<ProxyExit>;
}

export interface StartProxyProcessOptions {
  readonly args: ReadonlyArray<string>;
  /** Longest wait for the ready line (a guard against a proxy that never starts, not a synchronisation delay). */
  readonly readyTimeoutMs?: number;
}

/** The environment of the child: ours without AKTO_* settings (they would override the config file) or NODE_OPTIONS. */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("AKTO_") || name === "NODE_OPTIONS") continue;
    environment[name] = value;
  }
  return environment;
}

/** Runs `node dist/cli.js ARGS` and resolves once it printed `listening on URL`. */
export function startProxyProcess(options: StartProxyProcessOptions): Promise<ProxyProcess> {
  const child: ChildProcess = spawn(process.execPath, [PROXY_CLI, ...options.args], { env: childEnvironment(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<ProxyExit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const logEntries = () =>
    stdout.split("\n").flatMap((line) => {
      if (!line.startsWith("{")) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

  return new Promise<ProxyProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the proxy did not print its ready line within ${options.readyTimeoutMs ?? 15_000} ms:\n${stdout}${stderr}`));
    }, options.readyTimeoutMs ?? 15_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const ready = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (!ready) return;
      clearTimeout(timer);
      resolve({
        pid: child.pid!,
        url: ready[1]!,
        logEntries,
        output: () => stdout + stderr,
        stop(signal = "SIGTERM") {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
        exited,
      });
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the proxy exited (${exit.code ?? exit.signal}) before it was ready:\n${stdout}${stderr}`));
    });
  });
}
