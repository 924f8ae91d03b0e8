/**
 * `pnpm bench:sdk`: the SDK guard engine against mock-akto (a child process): checks/s and latency at
 * concurrency 50 with the cache off (every check reaches Akto over HTTP), and the latency of a cache hit.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGuardrails, createLogger } from "@akto-guardrails/sdk";
import { startServer } from "./proxy-bench/processes";
import { writeSection } from "./write-section";

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 8);
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 50);
const CACHE_HITS = Number(process.env["BENCH_CACHE_HITS"] ?? 200_000);
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

const body = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are a concise assistant for the platform team." },
    { role: "user", content: "Summarise the open tickets for the release and list the blockers. ".repeat(6) },
  ],
};
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

// A small recording: mock-akto keeps 10,000 records by default (for tests), which costs it GC time per request.
const akto = await startServer("mock-akto", [join(repoRoot, "apps/mock-akto/dist/cli.js"), "--port", "0", "--record-limit", "100"]);
try {
  const base = {
    akto: { baseUrl: akto.url },
    events: { destination: "none" as const, spoolDir: mkdtempSync(join(tmpdir(), "sdk-bench-")) },
    logger: createLogger({ level: "silent" }),
  };

  // Checks against Akto, concurrency 50, cache off.
  const uncached = createGuardrails({ ...base, cache: { enabled: false } });
  const latencies: number[] = [];
  let checks = 0;
  const runFor = async (seconds: number, record: boolean) => {
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_unused, worker) => {
        while (performance.now() < until) {
          const started = performance.now();
          await uncached.checkRequest({ ...body, user: `u${worker}` }, { path: "/v1/chat/completions" });
          if (record) {
            latencies.push(performance.now() - started);
            checks += 1;
          }
        }
      }),
    );
  };
  await runFor(2, false);
  const started = performance.now();
  await runFor(SECONDS, true);
  const checksPerSecond = checks / ((performance.now() - started) / 1000);
  latencies.sort((a, b) => a - b);
  await uncached.close();

  // Cache hits: the same request again and again.
  const cached = createGuardrails({ ...base, cache: { enabled: true } });
  await cached.checkRequest(body, { path: "/v1/chat/completions" });
  const hitLatencies: number[] = [];
  for (let index = 0; index < CACHE_HITS; index += 1) {
    const hitStarted = performance.now();
    const result = await cached.checkRequest(body, { path: "/v1/chat/completions" });
    hitLatencies.push(performance.now() - hitStarted);
    if (!result.cached) throw new Error("expected a cache hit");
  }
  hitLatencies.sort((a, b) => a - b);
  await cached.close();

  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)}, node ${process.version}; mock-akto in a child process; ~700-byte chat request.`,
    "",
    "| measurement | result |",
    "|---|---|",
    `| checks/s through Akto over HTTP, concurrency ${CONCURRENCY}, cache off | ${Math.round(checksPerSecond).toLocaleString("en-US")} |`,
    `| check latency at that load, p50 / p99 | ${percentile(latencies, 0.5).toFixed(2)} / ${percentile(latencies, 0.99).toFixed(2)} ms |`,
    `| cache-hit check latency, p50 / p99 (${CACHE_HITS.toLocaleString("en-US")} sequential hits) | ${(percentile(hitLatencies, 0.5) * 1000).toFixed(1)} / ${(percentile(hitLatencies, 0.99) * 1000).toFixed(1)} µs |`,
  ].join("\n");
  console.log(table);
  mkdirSync(join(repoRoot, "benchmarks/results"), { recursive: true });
  writeFileSync(join(repoRoot, "benchmarks/results/sdk.json"), JSON.stringify({ checksPerSecond, latencies: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) }, cacheHit: { p50: percentile(hitLatencies, 0.5), p99: percentile(hitLatencies, 0.99) } }, null, 2));
  writeSection("sdk-bench", table);
} finally {
  await akto.stop();
}
