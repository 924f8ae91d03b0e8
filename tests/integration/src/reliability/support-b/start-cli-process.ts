import { spawn } from "node:child_process";

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface CliProcess {
  readonly name: string;
  readonly pid: number;
  /** `http://127.0.0.1:PORT`, from the ready line. */
  readonly url: string;
  /** The last 64 KiB of stdout and stderr (a long run must not grow the test's memory). */
  output(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Resolves when the process exits, whoever stopped it. */
  readonly exited: Promise<ProcessExit>;
  /** SIGTERM (or `signal`), then resolves on exit. */
  stop(signal?: NodeJS.Signals): Promise<ProcessExit>;
}

export interface StartCliProcessOptions {
  readonly name: string;
  /** The CLI's JavaScript file, run with this Node. */
  readonly cli: string;
  readonly args: ReadonlyArray<string>;
  /** A guard against a process that never starts, not a synchronisation delay. */
  readonly readyTimeoutMs?: number;
}

const OUTPUT_LIMIT = 64 * 1024;

/** Our environment minus what would change the child's configuration behind the test's back. */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("AKTO_") || name === "NODE_OPTIONS" || name.startsWith("VITEST")) continue;
    environment[name] = value;
  }
  return environment;
}

/** Runs `node CLI ARGS` and resolves once it printed `listening on http://…`. */
export function startCliProcess(options: StartCliProcessOptions): Promise<CliProcess> {
  const child = spawn(process.execPath, [options.cli, ...options.args], { env: childEnvironment(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let running = true;
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > OUTPUT_LIMIT * 2) output = output.slice(-OUTPUT_LIMIT);
  };
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once("exit", (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  child.stderr.on("data", append);

  return new Promise<CliProcess>((resolve, reject) => {
    const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${options.name} did not print its ready line within ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    let ready = false;
    child.stdout.on("data", (chunk: Buffer) => {
      append(chunk);
      if (ready) return;
      const match = /^listening on (http:\/\/\S+)$/m.exec(output);
      if (!match) return;
      ready = true;
      clearTimeout(timer);
      resolve({
        name: options.name,
        pid: child.pid as number,
        url: match[1] as string,
        output: () => output,
        alive: () => running,
        exited,
        stop(signal = "SIGTERM") {
          if (running) child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`${options.name} exited (${exit.code ?? exit.signal}) before it was ready:\n${output}`));
    });
  });
}
