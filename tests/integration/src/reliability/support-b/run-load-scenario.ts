import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI } from "./cli-paths";
import { startCliProcess, type CliProcess, type ProcessExit } from "./start-cli-process";
import { faultPlan } from "./fault-plan";
import { createHttpClient, type HttpClient } from "./create-http-client";
import { buildLoadRequest, type LoadRequest } from "./build-load-request";
import { findAnswerProblem } from "./find-answer-problem";
import { watchMetrics, type WatchSample } from "./watch-metrics";
import { connectionsTo, MIB, sampleProcess, type ProcessSample } from "./sample-process";
import { createSeededRandom } from "./create-seeded-random";
import { waitUntil } from "./wait-until";

/** How big a run is. */
export interface LoadProfile {
  readonly name: "ci" | "soak";
  /** Requests of the measured run (after the warm-up). */
  readonly requests: number;
  readonly concurrency: number;
  /** Requests before the "before" sample: pools, JIT and caches reach their working size. */
  readonly warmup: number;
  readonly seed: number;
}

export const LOAD_PROFILES: Readonly<Record<LoadProfile["name"], LoadProfile>> = {
  ci: { name: "ci", requests: 2_000, concurrency: 100, warmup: 300, seed: 8 },
  soak: { name: "soak", requests: 20_000, concurrency: 100, warmup: 1_000, seed: 8 },
};

/** The proxy's guard settings for the run (written to its config file). */
export const LOAD_PROXY_SETTINGS = {
  timeoutMs: 1_000,
  failMode: { default: "open", timeout: "closed" },
  breaker: { enabled: true, failureThreshold: 5, cooldownMs: 250 },
  cache: { enabled: true, maxEntries: 2_000 },
  output: { mode: "window" },
} as const;

/** 10% of validation calls fail at random (seeded): 5xx, a hang past the deadline, a reset, a non-JSON 200. */
export const STEADY_FAULTS = faultPlan([
  { fault: { kind: "status", status: 500 }, share: 0.03 },
  { fault: { kind: "hang" }, share: 0.03 },
  { fault: { kind: "reset" }, share: 0.02 },
  { fault: { kind: "non_json" }, share: 0.02 },
]);
/** The outage burst: every validation call fails. */
export const OUTAGE_FAULTS = [{ kind: "status", status: 503 }];

/** What the proxy may still hold after the run and an idle period (see RELIABILITY.md for why). */
export const BOUNDS = {
  /** File descriptors that are not sockets, beyond what the idle proxy held at start. */
  otherFdSlack: 4,
  /** Inbound connections (the metrics scraper's keep-alive connection may still be open). */
  inbound: 2,
  /** The sdk's Akto pool never opens more than 32 connections. */
  toAkto: 32,
  /**
   * RSS growth from the sample before the run (after the warm-up) to the one after it. V8 sizes its
   * heap to the working set of 100 requests in flight and keeps it; a per-request leak of 5 KB would
   * exceed this over the soak.
   */
  rssBytes: 96 * MIB,
} as const;

export type Phase = "warmup" | "steady" | "outage" | "recovery";

export interface ProcessFigures {
  readonly rssMiB: number;
  readonly fds: number;
  readonly sockets: number;
  /** Connections to the LLM upstream (its keep-alive pool). */
  readonly toLlm: number;
  /** Connections to Akto (validations and events). */
  readonly toAkto: number;
  /** Other TCP connections: clients connected to the proxy. */
  readonly inbound: number;
}

export interface LoadReport {
  readonly profile: LoadProfile;
  readonly durationMs: number;
  readonly requestsPerSecond: number;
  /** Every request of the run and the warm-up that got a complete answer. */
  readonly answered: number;
  readonly sent: number;
  readonly socketErrors: number;
  readonly problems: number;
  readonly firstProblems: string[];
  readonly statusCounts: Record<string, number>;
  readonly actionCounts: Record<string, number>;
  /** `kind route status action` → count. */
  readonly outcomes: Record<string, number>;
  readonly phases: Record<Exclude<Phase, "warmup">, { readonly fromRequest: number; readonly atMs: number }>;
  readonly breaker: {
    /** When the breaker was first seen open after the outage began (ms from the start of the run). */
    readonly openedAtMs: number | undefined;
    /** When it was first seen closed again after that. */
    readonly closedAtMs: number | undefined;
    /** State changes seen between samples (a lower bound on the real transitions). */
    readonly observedTransitions: number;
    readonly samples: number;
    readonly failuresByClass: Record<string, number>;
  };
  readonly process: {
    readonly start: ProcessFigures;
    readonly beforeLoad: ProcessFigures;
    readonly peak: ProcessFigures;
    readonly afterLoad: ProcessFigures;
    readonly afterIdle: ProcessFigures;
    /** The highest RSS seen in each quarter of the run (a leak grows quarter over quarter; warm-up does not). */
    readonly rssByQuarterMiB: number[];
  };
  readonly bounds: typeof BOUNDS;
  readonly proxyExit: ProcessExit;
  readonly proxyAliveAfterLoad: boolean;
}

function figures(sample: ProcessSample, urls: { readonly llm: string; readonly akto: string }): ProcessFigures {
  const toLlm = connectionsTo(sample, urls.llm);
  const toAkto = connectionsTo(sample, urls.akto);
  const tcp = Object.entries(sample.tcpByRemotePort).reduce((total, [port, count]) => (port === "listen" ? total : total + count), 0);
  return { rssMiB: Math.round((sample.rssBytes / MIB) * 10) / 10, fds: sample.fds, sockets: sample.sockets, toLlm, toAkto, inbound: tcp - toLlm - toAkto };
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

async function putFaults(aktoUrl: string, faults: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const response = await fetch(`${aktoUrl}/__admin/faults`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
  if (response.status !== 200 && response.status !== 204) throw new Error(`mock-akto refused the faults: ${response.status} ${await response.text()}`);
}

interface Tally {
  sent: number;
  answered: number;
  socketErrors: number;
  problems: number;
  readonly firstProblems: string[];
  readonly statusCounts: Record<string, number>;
  readonly actionCounts: Record<string, number>;
  readonly outcomes: Record<string, number>;
}

async function sendAndCheck(client: HttpClient, request: LoadRequest, tally: Tally): Promise<void> {
  tally.sent += 1;
  try {
    const answer = await client.send(request.call);
    tally.answered += 1;
    const action = String(answer.headers["x-akto-guardrails-action"] ?? "none");
    increment(tally.statusCounts, String(answer.status));
    increment(tally.actionCounts, action);
    increment(tally.outcomes, `${request.kind} ${request.route} ${answer.status} ${action}`);
    const problem = findAnswerProblem(request, answer);
    if (problem !== undefined) {
      tally.problems += 1;
      if (tally.firstProblems.length < 20) tally.firstProblems.push(`request ${request.index} (${request.kind}, ${request.route}): ${problem}`);
    }
  } catch (error) {
    tally.socketErrors += 1;
    if (tally.firstProblems.length < 20) tally.firstProblems.push(`request ${request.index}: ${(error as Error).message}`);
  }
}

/** Runs `count` requests with `concurrency` in flight; `afterEach` sees the number completed so far. */
async function runRequests(count: number, concurrency: number, next: () => LoadRequest, send: (request: LoadRequest) => Promise<void>, afterEach: (completed: number) => void): Promise<void> {
  let issued = 0;
  let completed = 0;
  const worker = async (): Promise<void> => {
    while (issued < count) {
      issued += 1;
      await send(next());
      completed += 1;
      afterEach(completed);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * The load-with-faults run: mock-akto, mock-llm and the proxy as real processes (their CLIs, port 0),
 * a warm-up, then `profile.requests` requests at `profile.concurrency` while mock-akto fails 10% of
 * validation calls at random, with an outage burst (100% failures) in the middle so the breaker opens,
 * then recovers. Every answer is checked against the decisions that are correct for its prompt.
 */
export async function runLoadScenario(profile: LoadProfile): Promise<LoadReport> {
  const directory = mkdtempSync(join(tmpdir(), "load-"));
  const processes: CliProcess[] = [];
  try {
    const [akto, llm] = await Promise.all([
      startCliProcess({ name: "mock-akto", cli: CLI.mockAkto, args: ["--port", "0", "--seed", String(profile.seed), "--record-limit", "100"] }),
      startCliProcess({ name: "mock-llm", cli: CLI.mockLlm, args: ["--port", "0"] }),
    ]);
    processes.push(akto, llm);
    const configFile = join(directory, "proxy.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        akto: { baseUrl: akto.url },
        upstream: { openai: llm.url, anthropic: llm.url },
        ...LOAD_PROXY_SETTINGS,
        events: { spoolDir: join(directory, "spool"), flushIntervalMs: 200 },
        server: { host: "127.0.0.1", port: 0 },
        logLevel: "warn",
      }),
    );
    const proxy = await startCliProcess({ name: "proxy", cli: CLI.proxy, args: ["--config", configFile] });
    processes.push(proxy);
    const start = sampleProcess(proxy.pid);

    const random = createSeededRandom(profile.seed);
    let index = 0;
    const next = () => buildLoadRequest(proxy.url, (index += 1), random);
    const tally: Tally = { sent: 0, answered: 0, socketErrors: 0, problems: 0, firstProblems: [], statusCounts: {}, actionCounts: {}, outcomes: {} };
    const client = createHttpClient(profile.concurrency);

    // Warm-up, fault-free: pools, JIT and the verdict cache reach their working size.
    await runRequests(profile.warmup, profile.concurrency, next, (request) => sendAndCheck(client, request, tally), () => undefined);
    const beforeLoad = sampleProcess(proxy.pid);

    let phase: Phase = "steady";
    const started = Date.now();
    const phases: LoadReport["phases"] = { steady: { fromRequest: 1, atMs: 0 }, outage: { fromRequest: 0, atMs: 0 }, recovery: { fromRequest: 0, atMs: 0 } };
    const watch = watchMetrics({ proxyUrl: proxy.url, pid: proxy.pid, intervalMs: 50, phase: () => phase });
    await putFaults(akto.url, STEADY_FAULTS);
    let switching: Promise<void> = Promise.resolve();
    const enter = (next: Phase, faults: ReadonlyArray<Record<string, unknown>>, completed: number) => {
      phase = next;
      phases[next as Exclude<Phase, "warmup">] = { fromRequest: completed + 1, atMs: Date.now() - started };
      switching = switching.then(() => putFaults(akto.url, faults));
    };
    await runRequests(
      profile.requests,
      profile.concurrency,
      next,
      (request) => sendAndCheck(client, request, tally),
      (completed) => {
        if (phase === "steady" && completed >= profile.requests * 0.4) enter("outage", OUTAGE_FAULTS, completed);
        else if (phase === "outage" && completed >= profile.requests * 0.5) {
          // The outage lasts until the breaker has been seen open (bounded: recovery starts at 70% regardless).
          if (watch.firstSeen(2, phases.outage.atMs) !== undefined || completed >= profile.requests * 0.7) enter("recovery", STEADY_FAULTS, completed);
        }
      },
    );
    const durationMs = Date.now() - started;
    await switching;
    const afterLoad = sampleProcess(proxy.pid);
    await watch.stop();
    const proxyAliveAfterLoad = proxy.alive();

    // Idle: the client's connections close at once, the Akto pool's when mock-akto's keep-alive timeout
    // (5 s) ends them. The LLM pool keeps its sockets for mock-llm's keep-alive timeout (65 s, as providers do).
    client.close();
    const urls = { llm: llm.url, akto: akto.url };
    const afterIdle = await waitUntil(
      () => figures(sampleProcess(proxy.pid), urls),
      (sample) => sample.inbound <= BOUNDS.inbound && sample.toAkto === 0,
      15_000,
    );

    const opened = watch.firstSeen(2, phases.outage.atMs);
    const closed = opened === undefined ? undefined : watch.firstSeen(0, opened.atMs);
    const last = watch.samples[watch.samples.length - 1] as WatchSample;
    let transitions = 0;
    watch.samples.forEach((sample, position) => {
      if (position > 0 && sample.breakerState !== watch.samples[position - 1]?.breakerState) transitions += 1;
    });
    const peak = watch.samples.map((sample) => figures(sample.process, urls)).concat(figures(afterLoad, urls));
    const peakOf = (key: keyof ProcessFigures) => Math.max(...peak.map((sample) => sample[key]));
    const proxyExit = await proxy.stop();

    return {
      profile,
      durationMs,
      requestsPerSecond: Math.round((profile.requests / durationMs) * 1000),
      answered: tally.answered,
      sent: tally.sent,
      socketErrors: tally.socketErrors,
      problems: tally.problems,
      firstProblems: tally.firstProblems,
      statusCounts: tally.statusCounts,
      actionCounts: tally.actionCounts,
      outcomes: tally.outcomes,
      phases,
      breaker: {
        openedAtMs: opened?.atMs,
        closedAtMs: closed?.atMs,
        observedTransitions: transitions,
        samples: watch.samples.length,
        failuresByClass: { ...last.failures },
      },
      process: {
        start: figures(start, urls),
        beforeLoad: figures(beforeLoad, urls),
        peak: { rssMiB: peakOf("rssMiB"), fds: peakOf("fds"), sockets: peakOf("sockets"), toLlm: peakOf("toLlm"), toAkto: peakOf("toAkto"), inbound: peakOf("inbound") },
        afterLoad: figures(afterLoad, urls),
        afterIdle,
        rssByQuarterMiB: [0, 1, 2, 3].map((quarter) => {
          const inQuarter = watch.samples.filter((sample) => Math.min(3, Math.floor((sample.atMs / durationMs) * 4)) === quarter);
          return Math.round((Math.max(0, ...inQuarter.map((sample) => sample.process.rssBytes)) / MIB) * 10) / 10;
        }),
      },
      bounds: BOUNDS,
      proxyExit,
      proxyAliveAfterLoad,
    };
  } finally {
    await Promise.all(processes.map((child) => child.stop()));
    rmSync(directory, { recursive: true, force: true });
  }
}
