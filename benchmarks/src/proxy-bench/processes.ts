import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Resident set size in MB, read from /proc. */
  rssMb(): number;
  stop(): Promise<void>;
}

const READY = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

export interface StartServerOptions {
  /** Print what the server writes to stdout after its ready line (e.g. `--trace-gc` lines) to stderr, prefixed. */
  readonly forwardOutput?: boolean;
}

/** Starts a node server script and resolves with its URL once it prints its ready line. */
export function startServer(
  name: string,
  args: ReadonlyArray<string>,
  env: NodeJS.ProcessEnv = {},
  options: StartServerOptions = {},
): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    let output = "";
    let ready = false;
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const match = READY.exec(line);
      if (!ready && match) {
        ready = true;
        resolve(wrap(name, child, match[1]!));
      } else if (!ready) {
        output += `${line}\n`;
      } else if (options.forwardOutput) {
        process.stderr.write(`${name}: ${line}\n`);
      }
    });
    child.stderr!.on("data", (chunk) => {
      if (!ready) output += chunk;
    });
    child.once("exit", (code) => {
      if (!ready) reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

function wrap(name: string, child: ChildProcess, url: string): ServerProcess {
  return {
    name,
    url,
    pid: child.pid!,
    rssMb: () => rssMb(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

const defaultProxyCli = fileURLToPath(new URL("../../../packages/proxy/dist/cli.js", import.meta.url));

export interface StartProxyOptions {
  /** Another build's `packages/proxy/dist/cli.js` (A/B runs); default this checkout's. */
  readonly cli?: string;
  /** Node flags for the proxy process. */
  readonly nodeArgs?: ReadonlyArray<string>;
}

/** Starts the proxy's CLI with `config` (log level `warn` unless given) written to a temporary file. */
export function startProxy(name: string, config: Record<string, unknown>, options: StartProxyOptions = {}): Promise<ServerProcess> {
  const file = join(mkdtempSync(join(tmpdir(), "bench-proxy-")), "proxy.json");
  writeFileSync(file, JSON.stringify({ logLevel: "warn", ...config }));
  return startServer(name, [...(options.nodeArgs ?? []), options.cli ?? defaultProxyCli, "--config", file, "--port", "0"]);
}

/** Space-separated flags from an environment variable. */
export function splitArgs(text: string | undefined): string[] {
  return (text ?? "").split(" ").filter((argument) => argument.length > 0);
}
