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
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { request as undiciRequest } from "undici";
import { startGateway, type RunningGateway } from "../../../tests/integration/src/portkey/start-gateway";
import { refusedUrl } from "../../../tests/support/src/akto-stub";
import { writeSection } from "../write-section";
import { openLoop } from "./open-loop";
import { rssMb, startServer, type ServerProcess } from "./processes";

const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 8);
const WARMUP_SECONDS = Number(process.env["BENCH_WARMUP_SECONDS"] ?? 2);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 50);
const TTFB_SAMPLES = Number(process.env["BENCH_TTFB_SAMPLES"] ?? 200);
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const here = fileURLToPath(new URL(".", import.meta.url));

const chatBody = JSON.stringify({
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are a concise assistant for the platform team." },
    { role: "user", content: "Summarise the open tickets for the release and list the blockers. ".repeat(6) },
  ],
});
const streamBody = JSON.stringify({ ...JSON.parse(chatBody), stream: true, messages: [{ role: "user", content: "[[long:1500]]" }] });
const openaiHeaders = { "content-type": "application/json", authorization: "Bearer sk-bench" };

interface Row {
  readonly target: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly rssMb?: number;
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

/** Median and p99 time to the first body byte of a streaming request, sequentially. */
async function timeToFirstByte(url: string): Promise<{ median: number; p99: number }> {
  const samples: number[] = [];
  for (let index = 0; index < TTFB_SAMPLES + 20; index += 1) {
    const started = performance.now();
    const response = await undiciRequest(url, { method: "POST", headers: openaiHeaders, body: streamBody });
    let first = 0;
    for await (const _chunk of response.body) {
      if (first === 0) first = performance.now() - started;
    }
    if (index >= 20) samples.push(first); // the first 20 warm up
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, p99: samples[Math.floor(samples.length * 0.99)]! };
}

async function startProxy(name: string, config: Record<string, unknown>): Promise<ServerProcess> {
  const file = join(mkdtempSync(join(tmpdir(), "bench-proxy-")), "proxy.json");
  writeFileSync(file, JSON.stringify({ logLevel: "warn", ...config }));
  return startServer(name, [join(repoRoot, "packages/proxy/dist/cli.js"), "--config", file, "--port", "0"]);
}

const servers: Array<{ stop(): Promise<void> }> = [];
const rows: Row[] = [];
let gateway: RunningGateway | undefined;
try {
  const llm = await startServer("mock-llm", [join(repoRoot, "apps/mock-llm/dist/cli.js"), "--port", "0"]);
  const akto = await startServer("mock-akto", [join(repoRoot, "apps/mock-akto/dist/cli.js"), "--port", "0"]);
  servers.push(llm, akto);
  const common = { upstream: { openai: llm.url }, cache: { enabled: false }, events: { destination: "none" } };

  rows.push(await measure("mock-llm directly", `${llm.url}/v1/chat/completions`, chatBody, openaiHeaders, llm));

  const bare = await startServer("bare pass-through", [join(here, "bare-proxy.mjs"), llm.url]);
  servers.push(bare);
  rows.push(await measure("bare pass-through (node:http + undici)", `${bare.url}/v1/chat/completions`, chatBody, openaiHeaders, bare));
  await bare.stop();
  const twoHop = await startServer("bare two-hop", [join(here, "bare-two-hop.mjs"), llm.url, akto.url]);
  servers.push(twoHop);
  rows.push(await measure("bare two-hop (bare pass-through + one Akto call)", `${twoHop.url}/v1/chat/completions`, chatBody, openaiHeaders, twoHop));
  await twoHop.stop();

  const off = await startProxy("proxy, guardrails off", { ...common, akto: { baseUrl: akto.url }, input: false, output: "off" });
  servers.push(off);
  rows.push(await measure("proxy, guardrails off", `${off.url}/v1/chat/completions`, chatBody, openaiHeaders, off));

  const input = await startProxy("proxy, input guardrails", { ...common, akto: { baseUrl: akto.url }, output: "off" });
  servers.push(input);
  rows.push(await measure("proxy, input guardrails (mock-akto)", `${input.url}/v1/chat/completions`, chatBody, openaiHeaders, input));

  const cached = await startProxy("proxy, input guardrails, cache", { ...common, cache: { enabled: true }, akto: { baseUrl: akto.url }, output: "off" });
  servers.push(cached);
  rows.push(await measure("proxy, input guardrails, verdict cache hits", `${cached.url}/v1/chat/completions`, chatBody, openaiHeaders, cached));
  await cached.stop();

  rows.push(await measure("mock-llm directly, streaming (1,500 chars)", `${llm.url}/v1/chat/completions`, streamBody, openaiHeaders, llm));
  rows.push(await measure("proxy, guardrails off, streaming", `${off.url}/v1/chat/completions`, streamBody, openaiHeaders, off));
  const window = await startProxy("proxy, input + window output", { ...common, akto: { baseUrl: akto.url }, output: "window" });
  servers.push(window);
  rows.push(await measure("proxy, input + window output guardrails, streaming", `${window.url}/v1/chat/completions`, streamBody, openaiHeaders, window));

  // Fixed 500 req/s (open loop): added latency of input guardrails over going direct.
  await openLoop(`${llm.url}/v1/chat/completions`, chatBody, openaiHeaders, 500, WARMUP_SECONDS);
  const fixedDirect = await openLoop(`${llm.url}/v1/chat/completions`, chatBody, openaiHeaders, 500, SECONDS);
  await openLoop(`${input.url}/v1/chat/completions`, chatBody, openaiHeaders, 500, WARMUP_SECONDS);
  const fixedInput = await openLoop(`${input.url}/v1/chat/completions`, chatBody, openaiHeaders, 500, SECONDS);

  // Time to first byte of a stream, window mode against guardrails off.
  const ttfbOff = await timeToFirstByte(`${off.url}/v1/chat/completions`);
  const ttfbWindow = await timeToFirstByte(`${window.url}/v1/chat/completions`);
  await window.stop();

  // Akto down with the breaker open: what does a request cost over guardrails off?
  const down = await startProxy("proxy, Akto down, breaker open", { ...common, akto: { baseUrl: await refusedUrl() }, failMode: "open", output: "off" });
  servers.push(down);
  const breakerRow = await measure("proxy, Akto down, breaker open (fail-open)", `${down.url}/v1/chat/completions`, chatBody, openaiHeaders, down);
  rows.push(breakerRow);
  const offAgain = await measure("proxy, guardrails off (again, same phase)", `${off.url}/v1/chat/completions`, chatBody, openaiHeaders, off);
  rows.push(offAgain);
  await down.stop();

  // The peer: Portkey's published gateway, routing-only and with an instant webhook guardrail.
  gateway = await startGateway();
  const webhook = await startServer("instant webhook", [join(here, "instant-webhook.mjs")]);
  servers.push(webhook);
  const portkeyHeaders = { ...openaiHeaders, "x-portkey-provider": "openai", "x-portkey-custom-host": `${llm.url}/v1` };
  rows.push(await measure("Portkey gateway 1.15.2, routing only", `${gateway.url}/v1/chat/completions`, chatBody, portkeyHeaders, gateway));
  const webhookConfig = JSON.stringify({
    provider: "openai",
    custom_host: `${llm.url}/v1`,
    api_key: "sk-bench",
    input_guardrails: [{ "default.webhook": { webhookURL: `${webhook.url}/`, timeout: 3000 }, deny: true }],
  });
  rows.push(
    await measure("Portkey gateway 1.15.2, webhook input guardrail", `${gateway.url}/v1/chat/completions`, chatBody, {
      ...openaiHeaders,
      "x-portkey-config": webhookConfig,
    }, gateway),
  );

  const byTarget = (prefix: string) => rows.find((row) => row.target.startsWith(prefix))!;
  const direct = byTarget("mock-llm directly");
  const bareRow = byTarget("bare pass-through");
  const twoHopRow = byTarget("bare two-hop");
  const inputRow = byTarget("proxy, input guardrails (mock-akto)");
  const portkeyWebhook = byTarget("Portkey gateway 1.15.2, webhook");
  const summary = {
    throughputVsPortkeyWebhook: Number((inputRow.requestsPerSecond / portkeyWebhook.requestsPerSecond).toFixed(2)),
    throughputVsBarePassThrough: Number((inputRow.requestsPerSecond / bareRow.requestsPerSecond).toFixed(2)),
    throughputVsBareTwoHop: Number((inputRow.requestsPerSecond / twoHopRow.requestsPerSecond).toFixed(2)),
    addedP99At500RpsMs: Number((fixedInput.p99 - fixedDirect.p99).toFixed(2)),
    fixedRate: { direct: fixedDirect, input: fixedInput },
    ttfbMs: { off: ttfbOff, window: ttfbWindow, addedMedian: Number((ttfbWindow.median - ttfbOff.median).toFixed(2)) },
    breakerOpenAddedMs: { p50: Number((breakerRow.p50 - offAgain.p50).toFixed(2)), p99: Number((breakerRow.p99 - offAgain.p99).toFixed(2)) },
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
    `| throughput with input guardrails ÷ Portkey with webhook guardrail | ≥ 4× | ${summary.throughputVsPortkeyWebhook}× |`,
    `| throughput with input guardrails ÷ bare pass-through | ≥ 40% | ${Math.round(summary.throughputVsBarePassThrough * 100)}% |`,
    `| throughput with input guardrails ÷ bare two-hop (the same two hops, no guard logic) | (reference) | ${Math.round(summary.throughputVsBareTwoHop * 100)}% |`,
    `| added p99 with input guardrails at a fixed 500 req/s (open loop) | ≤ 3 ms | ${summary.addedP99At500RpsMs} ms (direct p50/p99 ${fixedDirect.p50}/${fixedDirect.p99} ms, proxy ${fixedInput.p50}/${fixedInput.p99} ms) |`,
    `| time to first byte of a stream, window mode vs guardrails off (median) | ≤ 2 ms | +${summary.ttfbMs.addedMedian} ms (${ttfbOff.median.toFixed(2)} → ${ttfbWindow.median.toFixed(2)} ms; p99 ${ttfbOff.p99.toFixed(2)} → ${ttfbWindow.p99.toFixed(2)} ms) |`,
    `| added latency with Akto down and the breaker open (p50 / p99) | < 1 ms | ${summary.breakerOpenAddedMs.p50} / ${summary.breakerOpenAddedMs.p99} ms |`,
  ].join("\n");
  console.log(`\n${table}\n`);

  mkdirSync(join(repoRoot, "benchmarks/results"), { recursive: true });
  writeFileSync(join(repoRoot, "benchmarks/results/proxy.json"), JSON.stringify({ date: new Date().toISOString(), rows, summary }, null, 2));
  writeSection("proxy-bench", table);
} finally {
  await gateway?.stop();
  await Promise.all(servers.map((server) => server.stop()));
}
