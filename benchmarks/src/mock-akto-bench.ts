/**
 * Latency of apps/mock-akto's POST /api/validate/request with a 2 KB chat payload at a fixed
 * 1,000 req/s. The mock runs as a child process so the load generator never shares its event loop.
 *
 *   npx tsx benchmarks/src/mock-akto-bench.ts          (from the repo root)
 *
 * Options (env): BENCH_DURATION_S (default 10), BENCH_RATE (default 1000), BENCH_CONNECTIONS (default 1: a
 * steady stream; more connections make autocannon fire them in bursts), BENCH_MOCK_ARGS (extra CLI flags).
 * Writes benchmarks/results/mock-akto.json and prints a markdown table row.
 */
import autocannon from "autocannon";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const mockDir = join(repoRoot, "apps", "mock-akto");
const cliPath = join(mockDir, "dist", "cli.js");
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

function startMock(): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(cliPath)) {
    process.stderr.write("building apps/mock-akto (dist/cli.js is missing)…\n");
    execFileSync("npx", ["tsup"], { cwd: mockDir, stdio: "inherit" });
  }
  return new Promise((resolve, reject) => {
    const extraArgs = (process.env["BENCH_MOCK_ARGS"] ?? "").split(/\s+/).filter((arg) => arg !== "");
    const child = spawn(process.execPath, [cliPath, "--port", "0", ...extraArgs], { stdio: ["ignore", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match?.[1] === undefined) reject(new Error(`unexpected ready line: ${line}`));
      else resolve({ child, url: match[1] });
    });
    child.once("exit", (code) => reject(new Error(`mock-akto exited early with code ${code}`)));
  });
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

interface LoadRun {
  result: autocannon.Result;
  latencies: number[];
}

function runLoad(url: string, body: string, seconds: number): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: `${url}/api/validate/request`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        connections,
        overallRate: rate,
        duration: seconds,
      },
      (error, result) => (error ? reject(error) : resolve({ result, latencies })),
    );
    // autocannon's histogram has whole-millisecond resolution; keep the exact times too.
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  });
}

async function serverSideLatencies(url: string): Promise<number[]> {
  const response = await fetch(`${url}/__admin/validations?limit=10000`);
  const records = (await response.json()) as Array<{ latencyMs: number }>;
  return records.map((record) => record.latencyMs).sort((left, right) => left - right);
}

async function main(): Promise<void> {
  const body = buildEnvelope();
  const payloadBytes = (JSON.parse(body) as { requestPayload: string }).requestPayload.length;
  const { child, url } = await startMock();
  try {
    // Warm the JIT before measuring.
    await runLoad(url, body, 2);
    await fetch(`${url}/__admin/records`, { method: "DELETE" });

    const { result, latencies } = await runLoad(url, body, durationSeconds);
    const sorted = [...latencies].sort((left, right) => left - right);
    const server = await serverSideLatencies(url);
    const requestsPerSecond = result.requests.total / (result.duration || durationSeconds);
    const summary = {
      date: new Date().toISOString(),
      node: process.version,
      target: "POST /api/validate/request (default policies, allowed verdict)",
      mockArgs: process.env["BENCH_MOCK_ARGS"] ?? "",
      payloadBytes,
      envelopeBytes: body.length,
      targetRate: rate,
      connections,
      durationSeconds: result.duration,
      requests: result.requests.total,
      requestsPerSecond: round(requestsPerSecond),
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      clientLatencyMs: {
        p50: round(percentile(sorted, 0.5)),
        p99: round(percentile(sorted, 0.99)),
        p99_9: round(percentile(sorted, 0.999)),
        max: round(sorted[sorted.length - 1] ?? Number.NaN),
      },
      serverLatencyMs: {
        samples: server.length,
        p50: round(percentile(server, 0.5)),
        p99: round(percentile(server, 0.99)),
        p99_9: round(percentile(server, 0.999)),
      },
      autocannonLatencyMs: {
        p50: result.latency.p50,
        p99: result.latency.p99,
        p99_9: result.latency.p99_9,
        note: "autocannon's histogram (whole ms, coordinated-omission corrected)",
      },
    };
    mkdirSync(dirname(resultPath), { recursive: true });
    writeFileSync(resultPath, `${JSON.stringify(summary, null, 2)}\n`);

    const latency = summary.clientLatencyMs;
    process.stdout.write(
      [
        "| target | req/s | p50 ms | p99 ms | p99.9 ms | errors | non-2xx |",
        "|---|---|---|---|---|---|---|",
        `| mock-akto /api/validate/request, ${payloadBytes} B payload @ ${rate} req/s | ${summary.requestsPerSecond} | ${latency.p50} | ${latency.p99} | ${latency.p99_9} | ${result.errors + result.timeouts} | ${result.non2xx} |`,
        "",
        `server-side processing: p50 ${summary.serverLatencyMs.p50} ms, p99 ${summary.serverLatencyMs.p99} ms, p99.9 ${summary.serverLatencyMs.p99_9} ms`,
        `written to ${resultPath}`,
        "",
      ].join("\n"),
    );
    if (latency.p99 >= 1) process.stdout.write("WARNING: client p99 is not under 1 ms on this run\n");
  } finally {
    child.removeAllListeners("exit");
    child.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`mock-akto-bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
