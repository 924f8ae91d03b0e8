import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port";

const require = createRequire(import.meta.url);
const loopbackPreload = fileURLToPath(new URL("./loopback.cjs", import.meta.url));

/** `build/start-server.js` of the @portkey-ai/gateway devDependency (1.15.2). */
export function gatewayEntry(): string {
  return require.resolve("@portkey-ai/gateway/build/start-server.js");
}

export interface RunningGateway {
  readonly url: string;
  /** The gateway's process id (for memory readings). */
  readonly pid: number;
  /** Everything the gateway wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartGatewayOptions {
  /** Defaults to the npm package's build/start-server.js. */
  readonly entry?: string;
  /** Extra `--import` preloads (e.g. the plugin injection). */
  readonly imports?: ReadonlyArray<string>;
  readonly readyTimeoutMs?: number;
}

/**
 * Starts the Portkey gateway on 127.0.0.1 (loopback preload) on a free port, in its own process group, and
 * resolves once the preload reports the gateway's listening socket.
 */
export async function startGateway(options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const port = await freePort();
  const args = ["-r", loopbackPreload, ...(options.imports ?? []).flatMap((file) => ["--import", file]), options.entry ?? gatewayEntry(), `--port=${port}`, "--headless"];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, NO_COLOR: "1" } });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL"); // the whole process group
      } catch {
        // already gone
      }
    }
    await exited;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the gateway did not listen within ${options.readyTimeoutMs ?? 20_000} ms:\n${output}`)), options.readyTimeoutMs ?? 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(`[loopback] listening 127.0.0.1:${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the gateway exited (${code ?? signal}) before listening:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, output: () => output, stop };
}
