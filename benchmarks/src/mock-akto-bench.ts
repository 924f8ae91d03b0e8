/**
 * `pnpm bench:mock-akto`: latency of apps/mock-akto's POST /api/validate/request with a 2 KB chat payload at
 * 1,000 req/s (autocannon, one connection), alternating with a floor server (node:http answering a fixed verdict of
 * the same size, no routing or detection) so each round shows what this machine's loopback and load generator cost
 * by themselves. Both run as child processes, never in the load generator's event loop.
 *
 * Options (env): BENCH_DURATION_S (default 10), BENCH_WARMUP_S (default 5 per target), BENCH_MOCK_CLI
 * (path of another mock-akto build's dist/cli.js, for A/B runs), BENCH_RATE (default 1000), BENCH_ROUNDS (default 5), BENCH_CONNECTIONS
 * (default 1: autocannon sends each second's requests back to back on it; more connections queue behind each other),
 * BENCH_MOCK_ARGS (extra mock-akto flags), BENCH_MOCK_NODE_ARGS (node flags for the mock, e.g. "--trace-gc").
 * Writes benchmarks/results/mock-akto.json and the mock-akto section of BENCHMARKS.md.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { autocannonAtRate, type RateRunResult } from "./autocannon-at-rate";
import { splitArgs, startServer, type ServerProcess } from "./proxy-bench/processes";
import { median, percentile, round } from "./stats";
import { writeSection } from "./write-section";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const mockDir = join(repoRoot, "apps", "mock-akto");
/** BENCH_MOCK_CLI runs another build of mock-akto (for example a checkout of the previous commit) for A/B runs. */
const cliPath = process.env["BENCH_MOCK_CLI"] ?? join(mockDir, "dist", "cli.js");
const resultPath = join(repoRoot, "benchmarks", "results", "mock-akto.json");

const durationSeconds = Number(process.env["BENCH_DURATION_S"] ?? 10);
const rate = Number(process.env["BENCH_RATE"] ?? 1000);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 1);
const targetPayloadBytes = 2048;

/** A realistic chat request (`{"body":{...}}`) of about 2 KB that every default policy scans and allows. */
function buildEnvelope(): string {
  const sentence = "Summarise the quarterly planning notes for the platform team and list the open questions. ";
  const build = (repeat: number) =>
    JSON.stringify({
      body: {
        model: "gpt-4o",
        temperature: 0.2,
        messages: [
          { role: "system", content: "You are a helpful assistant for an engineering organisation." },
          { role: "user", content: sentence.repeat(repeat) },
        ],
      },
    });
  let repeat = 1;
  while (build(repeat + 1).length <= targetPayloadBytes) repeat += 1;
  const payload = build(repeat);
  return JSON.stringify({
    requestPayload: payload,
    path: "/v1/chat/completions",
    method: "POST",
    requestHeaders: JSON.stringify({ host: "api.openai.com", "content-type": "application/json" }),
    ip: "127.0.0.1",
    statusCode: "200",
    contextSource: "AGENTIC",
  });
}

function startMock(): Promise<ServerProcess> {
  if (!existsSync(cliPath)) {
    process.stderr.write("building apps/mock-akto (dist/cli.js is missing)…\n");
    execFileSync("npx", ["tsup"], { cwd: mockDir, stdio: "inherit" });
  }
  const args = [...splitArgs(process.env["BENCH_MOCK_NODE_ARGS"]), cliPath, "--port", "0", ...splitArgs(process.env["BENCH_MOCK_ARGS"])];
  // Node flags such as --trace-gc print to stdout: pass those lines on.
  return startServer("mock-akto", args, {}, { forwardOutput: true });
}

const runLoad = (url: string, body: string, seconds: number): Promise<RateRunResult> =>
  autocannonAtRate({ url: `${url}/api/validate/request`, body, headers: { "content-type": "application/json" }, rate, seconds, connections });

/** mock-akto's own view: request received → answer written, from its recording. */
async function serverSideLatencies(url: string): Promise<number[]> {
  const response = await fetch(`${url}/__admin/validations?limit=100000`);
  const records = (await response.json()) as Array<{ latencyMs: number }>;
  return records.map((record) => record.latencyMs).sort((left, right) => left - right);
}

interface Round {
  floor: RateRunResult;
  mock: RateRunResult;
  serverP50: number;
  serverP99: number;
}


async function main(): Promise<void> {
  const body = buildEnvelope();
  const payloadBytes = (JSON.parse(body) as { requestPayload: string }).requestPayload.length;
  const rounds = Number(process.env["BENCH_ROUNDS"] ?? 5);
  const mock = await startMock();
  const floor = await startServer("floor server", [join(repoRoot, "benchmarks", "src", "floor-server.mjs")]);
  try {
    // Warm the JIT of both servers and of the client before measuring.
    const warmupSeconds = Number(process.env["BENCH_WARMUP_S"] ?? 5);
    await runLoad(floor.url, body, warmupSeconds);
    await runLoad(mock.url, body, warmupSeconds);

    const measured: Round[] = [];
    for (let index = 0; index < rounds; index += 1) {
      const floorRun = await runLoad(floor.url, body, durationSeconds);
      await fetch(`${mock.url}/__admin/records`, { method: "DELETE" });
      const mockRun = await runLoad(mock.url, body, durationSeconds);
      const server = await serverSideLatencies(mock.url);
      measured.push({ floor: floorRun, mock: mockRun, serverP50: round(percentile(server, 0.5)), serverP99: round(percentile(server, 0.99)) });
      process.stdout.write(`round ${index + 1}: floor p99 ${floorRun.p99} ms, mock-akto p99 ${mockRun.p99} ms (server-side ${measured[index]!.serverP99} ms)\n`);
    }

    const summary = {
      date: new Date().toISOString(),
      node: process.version,
      target: "POST /api/validate/request (default policies, allowed verdict)",
      mockArgs: process.env["BENCH_MOCK_ARGS"] ?? "",
      payloadBytes,
      envelopeBytes: body.length,
      targetRate: rate,
      connections,
      durationSeconds,
      rounds: measured,
      medianP99: {
        floor: median(measured.map((entry) => entry.floor.p99)),
        mock: median(measured.map((entry) => entry.mock.p99)),
        mockServerSide: median(measured.map((entry) => entry.serverP99)),
      },
    };
    mkdirSync(dirname(resultPath), { recursive: true });
    writeFileSync(resultPath, `${JSON.stringify(summary, null, 2)}\n`);

    const row = (name: string, run: RateRunResult) =>
      `| ${name} | ${Math.round(run.requestsPerSecond).toLocaleString("en-US")} | ${run.p50} | ${run.p99} | ${run.p99_9} | ${run.over1ms} | ${run.errors} |`;
    const table = [
      `Measured ${summary.date.slice(0, 10)}, node ${process.version}; ${payloadBytes}-byte payload at ${rate} req/s, ${durationSeconds} s per target, ${rounds} alternating rounds after a ${warmupSeconds} s warm-up of each.`,
      "",
      "| round · target | req/s | p50 ms | p99 ms | p99.9 ms | responses over 1 ms | errors |",
      "|---|---|---|---|---|---|---|",
      ...measured.flatMap((entry, index) => [
        row(`${index + 1} · floor server (node:http, fixed answer)`, entry.floor),
        row(`${index + 1} · mock-akto \`/api/validate/request\``, entry.mock),
      ]),
      "",
      `Median p99 over the rounds: mock-akto **${summary.medianP99.mock} ms** as autocannon sees it, ${summary.medianP99.mockServerSide} ms inside mock-akto (request received → answer written); the floor server ${summary.medianP99.floor} ms.`,
    ].join("\n");
    process.stdout.write(`\n${table}\n\nwritten to ${resultPath}\n`);
    writeSection("mock-akto-bench", table);
    if (summary.medianP99.mock >= 1) process.stdout.write("NOTE: mock-akto's client-side p99 is not under 1 ms on this run\n");
  } finally {
    await Promise.all([mock.stop(), floor.stop()]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`mock-akto-bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
