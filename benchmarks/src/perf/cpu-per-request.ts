/**
 * CPU per request of every process on the proxy's path, which is far steadier on a shared 2-core machine than
 * throughput (±30% between runs): each process's utime+stime from /proc/<pid>/stat is read before and after one
 * autocannon run and divided by the requests completed in it.
 *
 * Run from the repo root (dists built first):
 *   benchmarks/node_modules/.bin/tsx benchmarks/src/perf/cpu-per-request.ts [target ...]
 * Targets: bare, two-hop, proxy-off, proxy-input, baseline-input (default: all, in that order; baseline-input runs
 * the proxy build at PERF_BASELINE_CLI, e.g. a git worktree of the last commit, for A/B comparisons).
 * Env: PERF_SECONDS (6), PERF_WARMUP_SECONDS (2), PERF_CONNECTIONS (50), PERF_ROUNDS (1: repeats the whole set,
 * alternating targets, and prints every round), PERF_PROXY_NODE_ARGS (extra node flags for the proxy, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"),
 * PERF_AKTO_ARGS (mock-akto CLI flags; default "--record-limit 100", as in `pnpm bench:proxy`).
 */
import autocannon from "autocannon";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chatBody, openaiHeaders } from "../proxy-bench/bench-request";
import { splitArgs, startProxy, startServer, type ServerProcess } from "../proxy-bench/processes";

const SECONDS = Number(process.env["PERF_SECONDS"] ?? 6);
const WARMUP_SECONDS = Number(process.env["PERF_WARMUP_SECONDS"] ?? 2);
const CONNECTIONS = Number(process.env["PERF_CONNECTIONS"] ?? 50);
const ROUNDS = Number(process.env["PERF_ROUNDS"] ?? 1);
const PROXY_NODE_ARGS = splitArgs(process.env["PERF_PROXY_NODE_ARGS"]);
const AKTO_ARGS = splitArgs(process.env["PERF_AKTO_ARGS"] ?? "--record-limit 100");
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const benchDirectory = join(repoRoot, "benchmarks/src/proxy-bench");
// Linux reports utime/stime in clock ticks; 100 per second on every kernel this runs on (getconf CLK_TCK).
const TICKS_PER_SECOND = 100;

const TARGETS = ["bare", "two-hop", "proxy-off", "proxy-input", "baseline-input"] as const;
// Another build of the proxy (e.g. a worktree of the last commit) for A/B runs in the same phase of the machine.
const BASELINE_CLI = process.env["PERF_BASELINE_CLI"];
type Target = (typeof TARGETS)[number];


/** utime + stime of a process, in microseconds. */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces; every field after its closing parenthesis is plain.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / TICKS_PER_SECOND;
}

interface Measurement {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly errors: number;
  /** µs of CPU per request, by process name. */
  readonly cpu: Readonly<Record<string, number>>;
}

async function drive(url: string, duration: number) {
  return autocannon({ url, method: "POST", headers: openaiHeaders, body: chatBody, connections: CONNECTIONS, duration });
}

async function measure(url: string, processes: ReadonlyArray<ServerProcess>): Promise<Measurement> {
  await drive(url, WARMUP_SECONDS);
  const before = processes.map((server) => cpuMicros(server.pid));
  const result = await drive(url, SECONDS);
  const after = processes.map((server) => cpuMicros(server.pid));
  const requests = result.requests.total;
  const cpu: Record<string, number> = {};
  processes.forEach((server, index) => {
    cpu[server.name] = Math.round((after[index]! - before[index]!) / Math.max(1, requests));
  });
  return { requests, requestsPerSecond: Math.round(requests / SECONDS), errors: result.errors + result.non2xx + result.timeouts, cpu };
}

/** The proxy on mock-akto and mock-llm, input guardrails on or off, output off, no cache, no events. */
function startPerfProxy(name: string, aktoUrl: string, llmUrl: string, input: boolean, cli?: string): Promise<ServerProcess> {
  const config = { akto: { baseUrl: aktoUrl }, upstream: { openai: llmUrl }, cache: { enabled: false }, events: { destination: "none" }, input, output: "off" };
  return startProxy(name, config, { nodeArgs: PROXY_NODE_ARGS, ...(cli ? { cli } : {}) });
}

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(TARGETS as ReadonlyArray<string>).includes(name));
if (unknown.length > 0) {
  console.error(`unknown target(s): ${unknown.join(", ")}; choose from ${TARGETS.join(", ")}`);
  process.exit(2);
}
const selected: ReadonlyArray<Target> = requested.length > 0 ? (requested as Target[]) : TARGETS.filter((target) => target !== "baseline-input" || BASELINE_CLI);

const servers: ServerProcess[] = [];
try {
  const llm = await startServer("mock-llm", [join(repoRoot, "apps/mock-llm/dist/cli.js"), "--port", "0"]);
  servers.push(llm);
  const akto = await startServer("mock-akto", [join(repoRoot, "apps/mock-akto/dist/cli.js"), "--port", "0", ...AKTO_ARGS]);
  servers.push(akto);

  const start: Record<Target, () => Promise<ServerProcess>> = {
    bare: () => startServer("bare", [join(benchDirectory, "bare-proxy.mjs"), llm.url]),
    "two-hop": () => startServer("two-hop", [join(benchDirectory, "bare-two-hop.mjs"), llm.url, akto.url]),
    "proxy-off": () => startPerfProxy("proxy-off", akto.url, llm.url, false),
    "proxy-input": () => startPerfProxy("proxy-input", akto.url, llm.url, true),
    "baseline-input": () => {
      if (!BASELINE_CLI) throw new Error("baseline-input needs PERF_BASELINE_CLI (path to another build's packages/proxy/dist/cli.js)");
      return startPerfProxy("baseline-input", akto.url, llm.url, true, BASELINE_CLI);
    },
  };

  console.log(`node ${process.version}, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s; µs of CPU per request`);
  console.log("| target | req/s | target µs | mock-llm µs | mock-akto µs | errors |");
  console.log("|---|---|---|---|---|---|");
  // Every target runs at once and the rounds alternate between them, so a slow phase of the machine hits all alike.
  const running: ServerProcess[] = [];
  for (const target of selected) {
    const server = await start[target]();
    servers.push(server);
    running.push(server);
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, target] of selected.entries()) {
      const server = running[index]!;
      const result = await measure(`${server.url}/v1/chat/completions`, [server, llm, akto]);
      console.log(
        `| ${target} | ${result.requestsPerSecond} | ${result.cpu[target]} | ${result.cpu["mock-llm"]} | ${result.cpu["mock-akto"]} | ${result.errors} |`,
      );
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
