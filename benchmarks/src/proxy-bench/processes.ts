import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Resident set size in MB, read from /proc. */
  rssMb(): number;
  stop(): Promise<void>;
}

const READY = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/** Starts a node server script and resolves with its URL once it prints its ready line. */
export function startServer(name: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
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
