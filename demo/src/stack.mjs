// Starts the demo stack as three real processes: mock-akto (the embedded default Akto), mock-llm (the
// upstream LLM) and the proxy in front of them, each on 127.0.0.1, and stops them together.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const READY = /^listening on (http:\/\/\S+)$/;

function binOf(packageName, bin) {
  return join(dirname(require.resolve(`${packageName}/package.json`)), "dist", bin);
}

/** Spawns a node CLI and resolves with its URL once it prints its ready line. */
function startProcess(name, script, args, onLine) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let ready = false;
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const match = READY.exec(line.trim());
      if (!ready && match) {
        ready = true;
        resolve({ name, child, url: match[1] });
        return;
      }
      onLine?.(name, line);
    });
    let errors = "";
    child.stderr.on("data", (chunk) => {
      errors += chunk;
      if (ready) onLine?.(name, String(chunk).trimEnd());
    });
    child.once("exit", (code) => {
      if (!ready) reject(new Error(`${name} exited with code ${code} before it was ready:\n${errors}`));
    });
  });
}

function stopProcess({ child }) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * @param {{ proxyPort?: number, onLine?: (name: string, line: string) => void }} options
 */
export async function startStack(options = {}) {
  const config = fileURLToPath(new URL("../proxy.demo.yaml", import.meta.url));
  const [akto, llm] = await Promise.all([
    startProcess("mock-akto", binOf("@akto-guardrails/mock-akto", "cli.js"), ["--port", "0"], options.onLine),
    startProcess("mock-llm", binOf("@akto-guardrails/mock-llm", "cli.js"), ["--port", "0", "--chunk-size", "6", "--chunk-interval-ms", "15"], options.onLine),
  ]);
  const proxyArgs = (port) => ["--config", config, "--port", String(port), "--akto-url", akto.url, "--upstream", llm.url];
  const proxyBin = binOf("@akto-guardrails/proxy", "cli.js");
  let proxy;
  try {
    proxy = await startProcess("proxy", proxyBin, proxyArgs(options.proxyPort ?? 8787), options.onLine);
  } catch (error) {
    if (!/EADDRINUSE/.test(String(error))) {
      await Promise.all([stopProcess(akto), stopProcess(llm)]);
      throw error;
    }
    proxy = await startProcess("proxy", proxyBin, proxyArgs(0), options.onLine);
  }
  return {
    aktoUrl: akto.url,
    llmUrl: llm.url,
    proxyUrl: proxy.url,
    async stop() {
      await stopProcess(proxy); // the proxy first, so it can flush its events to mock-akto
      await Promise.all([stopProcess(akto), stopProcess(llm)]);
    },
  };
}
