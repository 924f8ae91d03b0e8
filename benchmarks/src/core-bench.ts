/**
 * Decisions per second of core's full guard pipeline (extract → envelope → transport → verdict →
 * sanitization → event) with an instant in-memory transport, so only the core's own work is timed.
 *
 *   pnpm bench:core        (from the repo root; builds core first)
 *
 * Cases: a 4-message chat (~2 KB) allowed, the same chat sanitized (Akto returns a redacted copy), and a
 * 64 KB conversation allowed. Each case runs RUNS times for RUN_MS after a warm-up; the median run is reported.
 * Writes benchmarks/results/core.json and prints a markdown table.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSection } from "./write-section";
import { parseGuardrailsOptions, runGuard, type AktoTransport, type GuardEnvironment } from "@akto-guardrails/core";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 7);
const RUN_MS = Number(process.env["BENCH_RUN_MS"] ?? 1000);
const resultPath = join(fileURLToPath(new URL("../results", import.meta.url)), "core.json");

function chat(targetBytes: number) {
  const messages: Array<{ role: string; content: string }> = [
    { role: "system", content: "You are a support assistant for Acme Corp. Answer briefly and escalate billing issues to a human." },
  ];
  const turn = "Could you summarise the open tickets for the platform team and point out anything that blocks the release? ";
  while (JSON.stringify(messages).length < targetBytes) {
    messages.push({ role: messages.length % 2 === 1 ? "user" : "assistant", content: turn.repeat(4) });
  }
  return { model: "gpt-4o-mini", temperature: 0.2, messages };
}

const small = chat(1_500);
small.messages.length = 4;
small.messages[3]!.content += " Also list owners and due dates for each item, grouped by team.".repeat(6);
const large = chat(64 * 1024);
const allowAnswer = JSON.stringify({ Allowed: true, Modified: false, ModifiedPayload: "", Reason: "", Metadata: { policy_name: "", rule_violated: "" } });
const smallWithPii = {
  ...small,
  messages: small.messages.map((message, index) => (index === 1 ? { ...message, content: `${message.content} Reach me at jane@example.com.` } : message)),
};
const maskAnswer = JSON.stringify({
  Allowed: true,
  Modified: true,
  ModifiedPayload: JSON.stringify({ body: smallWithPii }).replace("jane@example.com", "[REDACTED]"),
  Reason: "PII masked",
  behaviour: "mask",
});

function environment(answer: string): GuardEnvironment {
  const transport: AktoTransport = { send: async () => ({ status: 200, body: answer }) };
  let id = 0;
  return { transport, clock: { now: () => Date.now() }, generateId: () => `e${++id}` };
}

const options = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1" }, cache: { enabled: false } });

async function measure(body: unknown, answer: string, withRawBody: boolean): Promise<number> {
  const env = environment(answer);
  const request = {
    stage: "input" as const,
    body,
    ...(withRawBody ? { rawBody: JSON.stringify(body) } : {}),
    context: { path: "/v1/chat/completions" },
  };
  for (let index = 0; index < 2_000; index += 1) await runGuard(request, options, env); // warm-up
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    let count = 0;
    const started = performance.now();
    while (performance.now() - started < RUN_MS) {
      for (let index = 0; index < 100; index += 1) await runGuard(request, options, env);
      count += 100;
    }
    rates.push(count / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

// "raw" = the adapter passes the request text it received (as the proxy and the middleware do), so the
// payload for Akto is wrapped instead of re-serialised.
const cases = [
  { name: "4-message chat (~2 KB), allow", body: small, answer: allowAnswer, raw: false },
  { name: "4-message chat (~2 KB), allow, raw text", body: small, answer: allowAnswer, raw: true },
  { name: "4-message chat (~2 KB), sanitize, raw text", body: smallWithPii, answer: maskAnswer, raw: true },
  { name: "64 KB conversation, allow", body: large, answer: allowAnswer, raw: false },
  { name: "64 KB conversation, allow, raw text", body: large, answer: allowAnswer, raw: true },
];

const results = [];
for (const benchCase of cases) {
  const perSecond = await measure(benchCase.body, benchCase.answer, benchCase.raw);
  results.push({ case: benchCase.name, bytes: JSON.stringify(benchCase.body).length, decisionsPerSecond: Math.round(perSecond), microsecondsPerDecision: Number((1e6 / perSecond).toFixed(2)) });
}

const table = [
  `Measured ${new Date().toISOString().slice(0, 10)}, node ${process.version}, median of ${RUNS} runs of ${RUN_MS} ms.`,
  "",
  "| case | body bytes | decisions/s | µs/decision |",
  "|---|---|---|---|",
  ...results.map((result) => `| ${result.case} | ${result.bytes} | ${result.decisionsPerSecond.toLocaleString("en-US")} | ${result.microsecondsPerDecision} |`),
].join("\n");
console.log(table);
writeSection("core-bench", table);
mkdirSync(join(resultPath, ".."), { recursive: true });
writeFileSync(resultPath, JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, runMs: RUN_MS, results }, null, 2));
