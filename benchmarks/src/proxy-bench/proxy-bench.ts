/**
 * `pnpm bench:proxy`: the proxy against the things it is compared with, in one invocation on this machine.
 *
 * Every server is its own process on 127.0.0.1 (so none shares an event loop with the load generator):
 * mock-llm (the upstream), mock-akto (an instant Akto), a bare node:http + undici pass-through (the limit for a
 * Node proxy here), our proxy in several configurations, and the published Portkey gateway (1.15.2) routing to the
 * same mock-llm, plain and with a `default.webhook` input guardrail that answers instantly (the same two hops as
 * ours). autocannon drives each target for BENCH_SECONDS after a warm-up. Results: benchmarks/results/proxy.json and
 * the table between the proxy-bench markers in BENCHMARKS.md.
 */
import autocannon from "autocannon";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { request as undiciRequest } from "undici";
import { startGateway, type RunningGateway } from "../../../tests/integration/src/portkey/start-gateway";
import { refusedUrl } from "../../../tests/support/src/akto-stub";
import { writeSection } from "../write-section";
import { autocannonAtRate } from "../autocannon-at-rate";
import { median } from "../stats";
import { compareAtFixedRate, type FixedRateComparison } from "./compare-at-fixed-rate";
import { openLoop } from "./open-loop";
import { chatBody, openaiHeaders, streamBody } from "./bench-request";
import { rssMb, startProxy, startServer } from "./processes";

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 8);
const WARMUP_SECONDS = Number(process.env["BENCH_WARMUP_SECONDS"] ?? 2);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 50);
const TTFB_SAMPLES = Number(process.env["BENCH_TTFB_SAMPLES"] ?? 200);
const PAIRED_ROUNDS = Number(process.env["BENCH_PAIRED_ROUNDS"] ?? 3);
const FIXED_RATE_ROUNDS = Number(process.env["BENCH_FIXED_RATE_ROUNDS"] ?? 5);
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const here = fileURLToPath(new URL(".", import.meta.url));


interface Row {
  readonly target: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly rssMb?: number;
}

/** The two check rows of one fixed-rate comparison: the target, then the bare two-hop as its reference. */
function fixedRateRows(load: string, comparison: FixedRateComparison): string[] {
  const { direct, input } = comparison.medianRound;
  return [
    `| added p99 with input guardrails at a fixed 500 req/s (${load}; median of ${comparison.rounds.length} alternating rounds) | ≤ 3 ms | ${comparison.addedP99} ms (rounds: ${comparison.addedP99Rounds.join(", ")}; median round: direct p50/p99 ${direct.p50}/${direct.p99} ms, proxy ${input.p50}/${input.p99} ms) |`,
    `| added p99 of the bare two-hop, same load and rounds (the same process hops, no guard logic) | (reference) | ${comparison.twoHopAddedP99} ms (rounds: ${comparison.twoHopAddedP99Rounds.join(", ")}) |`,
  ];
}

async function load(url: string, body: string, headers: Record<string, string>) {
  const run = (duration: number) => autocannon({ url, method: "POST", headers, body, connections: CONNECTIONS, duration });
  await run(WARMUP_SECONDS);
  return run(SECONDS);
}

async function measure(target: string, url: string, body: string, headers: Record<string, string>, server?: { pid: number }): Promise<Row> {
  const result = await load(url, body, headers);
  const row: Row = {
    target,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    ...(server ? { rssMb: rssMb(server.pid) } : {}),
  };
  console.log(JSON.stringify(row));
  return row;
}

interface TtfbSummary {
  readonly median: number;
  readonly p99: number;
}

/** Time to the first body byte of one request (the whole body is read before the next one). */
async function firstByteTime(url: string, body: string): Promise<number> {
  const started = performance.now();
  const response = await undiciRequest(url, { method: "POST", headers: openaiHeaders, body });
  let first = 0;
  for await (const _chunk of response.body) {
    if (first === 0) first = performance.now() - started;
  }
  return first;
}

function summarize(samples: number[]): TtfbSummary {
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

/**
 * Median and p99 time to first byte of two targets, sampled sequentially and alternately (one request to each in
 * turn), so a slow moment of the machine lands on both rather than on whichever was being measured.
 */
async function timeToFirstByte(urls: { readonly a: string; readonly b: string }, body: string): Promise<{ a: TtfbSummary; b: TtfbSummary }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let index = 0; index < TTFB_SAMPLES + 20; index += 1) {
    const sampleA = await firstByteTime(urls.a, body);
    const sampleB = await firstByteTime(urls.b, body);
    if (index < 20) continue; // the first 20 pairs warm up
    a.push(sampleA);
    b.push(sampleB);
  }
  return { a: summarize(a), b: summarize(b) };
}

const servers: Array<{ stop(): Promise<void> }> = [];
const rows: Row[] = [];
let gateway: RunningGateway | undefined;
try {
  const llm = await startServer("mock-llm", [join(repoRoot, "apps/mock-llm/dist/cli.js"), "--port", "0"]);
  // mock-akto keeps 10,000 records by default for tests; holding them costs it GC time on every request, which an
  // instant Akto should not have. The proxy, the two-hop and Portkey's webhook all see the same mock.
  const akto = await startServer("mock-akto", [join(repoRoot, "apps/mock-akto/dist/cli.js"), "--port", "0", "--record-limit", "100"]);
  servers.push(llm, akto);
  const common = { upstream: { openai: llm.url }, cache: { enabled: false }, events: { destination: "none" } };

  rows.push(await measure("mock-llm directly", `${llm.url}/v1/chat/completions`, chatBody, openaiHeaders, llm));

  const bare = await startServer("bare pass-through", [join(here, "bare-proxy.mjs"), llm.url]);
  servers.push(bare);
  rows.push(await measure("bare pass-through (node:http + undici)", `${bare.url}/v1/chat/completions`, chatBody, openaiHeaders, bare));
  const twoHop = await startServer("bare two-hop", [join(here, "bare-two-hop.mjs"), llm.url, akto.url]);
  servers.push(twoHop);
  rows.push(await measure("bare two-hop (bare pass-through + one Akto call)", `${twoHop.url}/v1/chat/completions`, chatBody, openaiHeaders, twoHop));

  const off = await startProxy("proxy, guardrails off", { ...common, akto: { baseUrl: akto.url }, input: false, output: "off" });
  servers.push(off);
  rows.push(await measure("proxy, guardrails off", `${off.url}/v1/chat/completions`, chatBody, openaiHeaders, off));

  const input = await startProxy("proxy, input guardrails", { ...common, akto: { baseUrl: akto.url }, output: "off" });
  servers.push(input);
  rows.push(await measure("proxy, input guardrails (mock-akto)", `${input.url}/v1/chat/completions`, chatBody, openaiHeaders, input));

  // The peer, started here so that it can join the alternating rounds below.
  gateway = await startGateway();
  const portkey = gateway;
  const webhook = await startServer("instant webhook", [join(here, "instant-webhook.mjs")]);
  servers.push(webhook);
  const portkeyHeaders = { ...openaiHeaders, "x-portkey-provider": "openai", "x-portkey-custom-host": `${llm.url}/v1` };
  const portkeyWebhookHeaders = {
    ...openaiHeaders,
    "x-portkey-config": JSON.stringify({
      provider: "openai",
      custom_host: `${llm.url}/v1`,
      api_key: "sk-bench",
      input_guardrails: [{ "default.webhook": { webhookURL: `${webhook.url}/`, timeout: 3000 }, deny: true }],
    }),
  };

  // The ratios to the bare pass-through and to Portkey, measured in alternating rounds: the machine's speed drifts
  // by tens of percent between phases of a run, and targets measured minutes apart would mostly compare the phases.
  const bareRatios: number[] = [];
  const portkeyRatios: number[] = [];
  for (let round = 0; round < PAIRED_ROUNDS; round += 1) {
    const bareRound = await measure(`bare pass-through (round ${round + 1})`, `${bare.url}/v1/chat/completions`, chatBody, openaiHeaders);
    const inputRound = await measure(`proxy, input guardrails (round ${round + 1})`, `${input.url}/v1/chat/completions`, chatBody, openaiHeaders);
    const portkeyRound = await measure(`Portkey, webhook guardrail (round ${round + 1})`, `${portkey.url}/v1/chat/completions`, chatBody, portkeyWebhookHeaders);
    bareRatios.push(inputRound.requestsPerSecond / bareRound.requestsPerSecond);
    portkeyRatios.push(inputRound.requestsPerSecond / portkeyRound.requestsPerSecond);
  }
  await bare.stop();

  const cached = await startProxy("proxy, input guardrails, cache", { ...common, cache: { enabled: true }, akto: { baseUrl: akto.url }, output: "off" });
  servers.push(cached);
  rows.push(await measure("proxy, input guardrails, verdict cache hits", `${cached.url}/v1/chat/completions`, chatBody, openaiHeaders, cached));
  await cached.stop();

  rows.push(await measure("mock-llm directly, streaming (1,500 chars)", `${llm.url}/v1/chat/completions`, streamBody, openaiHeaders, llm));
  rows.push(await measure("proxy, guardrails off, streaming", `${off.url}/v1/chat/completions`, streamBody, openaiHeaders, off));
  const window = await startProxy("proxy, input + window output", { ...common, akto: { baseUrl: akto.url }, output: "window" });
  servers.push(window);
  rows.push(await measure("proxy, input + window output guardrails, streaming", `${window.url}/v1/chat/completions`, streamBody, openaiHeaders, window));

  // Fixed 500 req/s: added p99 of input guardrails over going direct, with the bare two-hop beside it, under two
  // load generators: an open loop (a request every 2 ms, so each one wakes every process on the path) and
  // autocannon's rate control on one connection (each second's 500 requests back to back).
  const fixedTargets = { direct: llm.url, twoHop: twoHop.url, input: input.url };
  const fixedOptions = { rounds: FIXED_RATE_ROUNDS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };
  const openLoopRate = await compareAtFixedRate((url, seconds) => openLoop(url, chatBody, openaiHeaders, 500, seconds), fixedTargets, {
    ...fixedOptions,
    label: "open loop",
  });
  const autocannonRate = await compareAtFixedRate(
    (url, seconds) => autocannonAtRate({ url, body: chatBody, headers: openaiHeaders, rate: 500, seconds }),
    fixedTargets,
    { ...fixedOptions, label: "autocannon, 1 connection" },
  );
  await twoHop.stop();

  // Time to first byte of a stream, window mode against guardrails off.
  const ttfb = await timeToFirstByte({ a: `${off.url}/v1/chat/completions`, b: `${window.url}/v1/chat/completions` }, streamBody);
  const ttfbOff = ttfb.a;
  const ttfbWindow = ttfb.b;
  await window.stop();

  // Akto down with the breaker open: what does a request cost over guardrails off?
  const down = await startProxy("proxy, Akto down, breaker open", { ...common, akto: { baseUrl: await refusedUrl() }, failMode: "open", output: "off" });
  servers.push(down);
  const breakerRow = await measure("proxy, Akto down, breaker open (fail-open)", `${down.url}/v1/chat/completions`, chatBody, openaiHeaders, down);
  rows.push(breakerRow);
  const offAgain = await measure("proxy, guardrails off (again, same phase)", `${off.url}/v1/chat/completions`, chatBody, openaiHeaders, off);
  rows.push(offAgain);
  // The added latency itself: sequential requests, alternating between the two proxies (the breaker is open by now).
  const breakerLatency = await timeToFirstByte({ a: `${off.url}/v1/chat/completions`, b: `${down.url}/v1/chat/completions` }, chatBody);
  await down.stop();

  // The peer: Portkey's published gateway, routing-only and with an instant webhook guardrail.
  rows.push(await measure("Portkey gateway 1.15.2, routing only", `${portkey.url}/v1/chat/completions`, chatBody, portkeyHeaders, portkey));
  rows.push(await measure("Portkey gateway 1.15.2, webhook input guardrail", `${portkey.url}/v1/chat/completions`, chatBody, portkeyWebhookHeaders, portkey));

  const byTarget = (prefix: string) => rows.find((row) => row.target.startsWith(prefix))!;
  const direct = byTarget("mock-llm directly");
  const bareRow = byTarget("bare pass-through");
  const twoHopRow = byTarget("bare two-hop");
  const inputRow = byTarget("proxy, input guardrails (mock-akto)");
  const portkeyWebhook = byTarget("Portkey gateway 1.15.2, webhook");
  const summary = {
    throughputVsPortkeyWebhook: Number(median(portkeyRatios).toFixed(2)),
    throughputVsPortkeyWebhookRounds: portkeyRatios.map((ratio) => Number(ratio.toFixed(2))),
    throughputVsPortkeyWebhookSinglePass: Number((inputRow.requestsPerSecond / portkeyWebhook.requestsPerSecond).toFixed(2)),
    throughputVsBarePassThrough: Number(median(bareRatios).toFixed(2)),
    throughputVsBarePassThroughRounds: bareRatios.map((ratio) => Number(ratio.toFixed(2))),
    throughputVsBarePassThroughSinglePass: Number((inputRow.requestsPerSecond / bareRow.requestsPerSecond).toFixed(2)),
    throughputVsBareTwoHop: Number((inputRow.requestsPerSecond / twoHopRow.requestsPerSecond).toFixed(2)),
    fixedRate500: { openLoop: openLoopRate, autocannon: autocannonRate },
    ttfbMs: { off: ttfbOff, window: ttfbWindow, addedMedian: Number((ttfbWindow.median - ttfbOff.median).toFixed(2)) },
    breakerOpenAddedMs: {
      p50: Number((breakerLatency.b.median - breakerLatency.a.median).toFixed(3)),
      p99: Number((breakerLatency.b.p99 - breakerLatency.a.p99).toFixed(3)),
      off: breakerLatency.a,
      breakerOpen: breakerLatency.b,
    },
  };

  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${CONNECTIONS} connections, ${SECONDS} s per target after a ${WARMUP_SECONDS} s warm-up, all on one 2-core machine.`,
    "",
    "| target | req/s | p50 ms | p99 ms | added p50 vs direct (ms) | errors | server RSS MB |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${row.target} | ${row.requestsPerSecond.toLocaleString("en-US")} | ${row.p50} | ${row.p99} | ${(row.p50 - direct.p50).toFixed(1)} | ${row.errors} | ${row.rssMb ?? "n/a"} |`,
    ),
    "",
    "| check | target | measured |",
    "|---|---|---|",
    `| throughput with input guardrails ÷ Portkey with webhook guardrail (median of ${PAIRED_ROUNDS} alternating rounds) | ≥ 4× | ${summary.throughputVsPortkeyWebhook}× (rounds: ${summary.throughputVsPortkeyWebhookRounds.map((ratio) => `${ratio}×`).join(", ")}; single pass above: ${summary.throughputVsPortkeyWebhookSinglePass}×) |`,
    `| throughput with input guardrails ÷ bare pass-through (median of ${PAIRED_ROUNDS} alternating rounds) | ≥ 40% | ${Math.round(summary.throughputVsBarePassThrough * 100)}% (rounds: ${summary.throughputVsBarePassThroughRounds.map((ratio) => `${Math.round(ratio * 100)}%`).join(", ")}; single pass above: ${Math.round(summary.throughputVsBarePassThroughSinglePass * 100)}%) |`,
    `| throughput with input guardrails ÷ bare two-hop (the same two hops, no guard logic) | (reference) | ${Math.round(summary.throughputVsBareTwoHop * 100)}% |`,
    ...fixedRateRows("open loop: a request every 2 ms", openLoopRate),
    ...fixedRateRows("autocannon at 500 req/s on one connection", autocannonRate),
    `| time to first byte of a stream, window mode vs guardrails off (median of ${TTFB_SAMPLES} alternating samples each) | ≤ 2 ms | +${summary.ttfbMs.addedMedian} ms (${ttfbOff.median.toFixed(2)} → ${ttfbWindow.median.toFixed(2)} ms; p99 ${ttfbOff.p99.toFixed(2)} → ${ttfbWindow.p99.toFixed(2)} ms) |`,
    `| added latency with Akto down and the breaker open vs guardrails off (p50 / p99 of ${TTFB_SAMPLES} alternating sequential requests each) | < 1 ms | ${summary.breakerOpenAddedMs.p50} / ${summary.breakerOpenAddedMs.p99} ms (${breakerLatency.a.median.toFixed(2)} → ${breakerLatency.b.median.toFixed(2)} ms) |`,
  ].join("\n");
  console.log(`\n${table}\n`);

  mkdirSync(join(repoRoot, "benchmarks/results"), { recursive: true });
  writeFileSync(join(repoRoot, "benchmarks/results/proxy.json"), JSON.stringify({ date: new Date().toISOString(), rows, summary }, null, 2));
  writeSection("proxy-bench", table);
} finally {
  await gateway?.stop();
  await Promise.all(servers.map((server) => server.stop()));
}
