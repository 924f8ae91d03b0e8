/**
 * The fixed-rate latency check of `pnpm bench:proxy` on its own, repeated, to test one change to the proxy's
 * tail latency at a time: an open loop at PERF_RATE req/s (500) against mock-llm directly, then through the proxy
 * with input guardrails, alternating for PERF_ROUNDS rounds (3) so a noisy phase of the machine hits both.
 *
 * Run from the repo root (dists built first):
 *   benchmarks/node_modules/.bin/tsx benchmarks/src/perf/fixed-rate.ts
 * Env: PERF_SECONDS (8), PERF_RATE (500), PERF_ROUNDS (3), PERF_PROXY_NODE_ARGS (extra node flags for the proxy),
 * PERF_PROXY_B_NODE_ARGS (when set, a second proxy with these node flags joins the rotation, for A/B runs),
 * PERF_AKTO_ARGS (mock-akto CLI flags; default "--record-limit 100", as in `pnpm bench:proxy`),
 * PERF_REFERENCES=0 to leave out the two reference targets that join the rotation by default: the bare pass-through
 * (one extra process, no guard) and the bare two-hop (the same process hops as the guarded proxy, no guard logic), which
 * separate what the hops cost on this machine from what the proxy's own code costs.
 * PERF_LOAD=autocannon drives every target with autocannon at the rate on one connection (each second's requests back
 * to back) instead of the open loop (one request every 1000/rate ms, each waking every process on the path).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chatBody, openaiHeaders as headers } from "../proxy-bench/bench-request";
import { autocannonAtRate } from "../autocannon-at-rate";
import { openLoop, type OpenLoopResult } from "../proxy-bench/open-loop";
import { splitArgs, startProxy, startServer, type ServerProcess } from "../proxy-bench/processes";

const SECONDS = Number(process.env["PERF_SECONDS"] ?? 8);
const RATE = Number(process.env["PERF_RATE"] ?? 500);
const ROUNDS = Number(process.env["PERF_ROUNDS"] ?? 3);
const WITH_REFERENCES = process.env["PERF_REFERENCES"] !== "0";
const LOAD = process.env["PERF_LOAD"] === "autocannon" ? "autocannon" : "open loop";
const drive = (url: string, seconds: number): Promise<Pick<OpenLoopResult, "p50" | "p99" | "max">> =>
  LOAD === "autocannon" ? autocannonAtRate({ url, body: chatBody, headers, rate: RATE, seconds }) : openLoop(url, chatBody, headers, RATE, seconds);
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const benchDir = fileURLToPath(new URL("../proxy-bench/", import.meta.url));


const servers: ServerProcess[] = [];
try {
  const llm = await startServer("mock-llm", [join(repoRoot, "apps/mock-llm/dist/cli.js"), "--port", "0"]);
  servers.push(llm);
  const akto = await startServer("mock-akto", [join(repoRoot, "apps/mock-akto/dist/cli.js"), "--port", "0", ...splitArgs(process.env["PERF_AKTO_ARGS"] ?? "--record-limit 100")]);
  servers.push(akto);
  const config = { akto: { baseUrl: akto.url }, upstream: { openai: llm.url }, cache: { enabled: false }, events: { destination: "none" }, output: "off" };
  const proxies = [await startProxy("proxy", config, { nodeArgs: splitArgs(process.env["PERF_PROXY_NODE_ARGS"]) })];
  if (process.env["PERF_PROXY_B_NODE_ARGS"] !== undefined) {
    proxies.push(await startProxy("proxy B", config, { nodeArgs: splitArgs(process.env["PERF_PROXY_B_NODE_ARGS"]) }));
  }
  servers.push(...proxies);
  const targets: ServerProcess[] = [];
  if (WITH_REFERENCES) {
    targets.push(await startServer("bare pass-through", [join(benchDir, "bare-proxy.mjs"), llm.url]));
    targets.push(await startServer("bare two-hop", [join(benchDir, "bare-two-hop.mjs"), llm.url, akto.url]));
    servers.push(...targets);
  }
  targets.push(...proxies);

  const direct = `${llm.url}/v1/chat/completions`;
  for (const url of [direct, ...targets.map((target) => `${target.url}/v1/chat/completions`)]) await drive(url, 2);
  console.log(`node ${process.version}, ${LOAD}, ${RATE} req/s for ${SECONDS} s per round`);
  console.log("| round | target | p50 / p99 / max ms | added p99 over direct, ms |");
  console.log("|---|---|---|---|");
  for (let round = 1; round <= ROUNDS; round += 1) {
    const baseline = await drive(direct, SECONDS);
    console.log(`| ${round} | direct | ${baseline.p50} / ${baseline.p99} / ${baseline.max} | |`);
    for (const target of targets) {
      const result = await drive(`${target.url}/v1/chat/completions`, SECONDS);
      console.log(`| ${round} | ${target.name} | ${result.p50} / ${result.p99} / ${result.max} | ${(result.p99 - baseline.p99).toFixed(2)} |`);
    }
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
