/**
 * CPU cost of the streaming output guard per SSE event, without any network:
 *
 *   benchmarks/node_modules/.bin/tsx benchmarks/src/stream-bench.ts      (from the repo root; uses the built core and sdk)
 *
 * Transcripts: a chat completion stream (role chunk, 1,500 characters of content in 8-character deltas,
 * finish chunk, include_usage chunk, [DONE]) and the same answer as an Anthropic Messages stream
 * (message_start, content_block_start, ping, deltas, content_block_stop, message_delta, message_stop).
 * Each is cut into socket-like chunks of 1-4 events, some cut inside an event (and inside a UTF-8 sequence).
 *
 * Cases:
 *   parse       `createSseParser` alone over the decoded chunks;
 *   guard       core's `createStreamGuard` over the parsed events, every scan allowed at once (window, buffer);
 *   driver      the sdk's `guardSseStream` over the byte chunks with a fake `checkStreamWindow` that allows on
 *               the next microtask (decode, parse, guard, re-serialise, write to a stand-in socket), window /
 *               buffer / audit mode; then BENCH_CONCURRENCY (50) chat streams at once, their chunks interleaved
 *               as a busy proxy receives them, so held events outlive young-generation GCs as they do there.
 * Each case runs BENCH_RUNS runs of BENCH_RUN_MS after a warm-up. Reported: the median run's process CPU time
 * per stream and per event (all threads, so concurrent GC work counts, as when the lead measured the proxy),
 * GCs per 1,000 streams, GC pause time per stream and the share of wall time spent in GC pauses. The driver
 * and guard outputs are checked first (the released text must reassemble to the original), so a fast but
 * broken guard cannot look good here. Environment: BENCH_RUNS, BENCH_RUN_MS, BENCH_WARM_UP_MS,
 * BENCH_CONCURRENCY, BENCH_ONLY (a substring of the case names).
 */
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  createSseParser,
  createStreamAssembler,
  createStreamGuard,
  type GuardResult,
  type SseEvent,
  type StreamFormat,
  type StreamStep,
} from "@akto-guardrails/core";
import { guardSseStream, type Guardrails, type StreamGuardMode } from "@akto-guardrails/sdk";

const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);
const RUN_MS = Number(process.env["BENCH_RUN_MS"] ?? 600);
const WARM_UP_MS = Number(process.env["BENCH_WARM_UP_MS"] ?? 600);
const ONLY = process.env["BENCH_ONLY"];
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 50);

const WINDOW = { windowChars: 500, overlapChars: 128, flushMs: 250 } as const;
const BUFFER = { windowChars: Number.POSITIVE_INFINITY, overlapChars: 0, flushMs: Number.POSITIVE_INFINITY } as const;

// ---------------------------------------------------------------------------------------------------------------
// Transcripts

const PROSE =
  "Here is a summary of the release plan for the platform team. The migration of the billing service " +
  "finishes on Tuesday; after that the old queue is drained and switched off. Two blockers remain: the " +
  "flaky integration suite in the payments repository and the missing dashboards for the new cache tier. " +
  "Owners are listed in the tracker — please update your items before the Thursday review, and flag any " +
  "risk early. The rollout itself goes region by region, starting with the smallest one, and each step waits " +
  "for a clean hour of error-rate metrics before it continues. ";

function answerText(length: number): string {
  let text = "";
  while (text.length < length) text += PROSE;
  return text.slice(0, length);
}

function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

function chatTranscript(text: string): string[] {
  const head = { id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", object: "chat.completion.chunk", created: 1741570283, model: "gpt-4o-2024-08-06", service_tier: "default", system_fingerprint: "fp_eb9dce56a8" };
  const chunk = (delta: object, finishReason: string | null = null) =>
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], usage: null })}\n\n`;
  const events = [chunk({ role: "assistant", content: "", refusal: null })];
  for (const piece of splitText(text, 8)) events.push(chunk({ content: piece }));
  events.push(chunk({}, "stop"));
  events.push(`data: ${JSON.stringify({ ...head, choices: [], usage: { prompt_tokens: 412, completion_tokens: 318, total_tokens: 730, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } } })}\n\n`);
  events.push("data: [DONE]\n\n");
  return events;
}

function anthropicTranscript(text: string): string[] {
  const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
  const events = [
    event("message_start", { message: { id: "msg_01XFDUDYJgAACzvnptvVoYEL", type: "message", role: "assistant", content: [], model: "claude-sonnet-4-20250514", stop_reason: null, stop_sequence: null, usage: { input_tokens: 412, output_tokens: 1 } } }),
    event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    event("ping", {}),
  ];
  for (const piece of splitText(text, 8)) events.push(event("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } }));
  events.push(event("content_block_stop", { index: 0 }));
  events.push(event("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 318 } }));
  events.push(event("message_stop", {}));
  return events;
}

/** Groups events into socket-like chunks of 1-4 events; every fifth boundary moves a few bytes into the next event. */
function toChunks(events: ReadonlyArray<string>): Buffer[] {
  const body = Buffer.from(events.join(""), "utf8");
  const boundaries: number[] = [];
  let offset = 0;
  let seed = 7;
  let group = 0;
  for (let index = 0; index < events.length; ) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const take = 1 + ((seed >>> 16) % 4);
    for (let count = 0; count < take && index < events.length; count++, index++) offset += Buffer.byteLength(events[index] as string);
    group += 1;
    // Cut inside the next event now and then (a chunk boundary rarely falls on an event boundary on a real socket).
    boundaries.push(group % 5 === 0 && offset + 13 < body.length ? offset + 13 : offset);
  }
  const chunks: Buffer[] = [];
  let start = 0;
  for (const end of [...new Set(boundaries)].sort((first, second) => first - second)) {
    if (end > start) chunks.push(body.subarray(start, end));
    start = Math.max(start, end);
  }
  if (start < body.length) chunks.push(body.subarray(start));
  return chunks;
}

interface Transcript {
  readonly name: string;
  readonly format: StreamFormat;
  readonly shape: "openai.chat" | "anthropic.messages";
  readonly text: string;
  readonly events: number;
  readonly chunks: Buffer[];
  readonly decoded: string[];
}

function transcript(name: string, format: Transcript["shape"], events: string[], text: string): Transcript {
  const chunks = toChunks(events);
  const decoder = new TextDecoder();
  const decoded = chunks.map((chunk) => decoder.decode(chunk, { stream: true }));
  return { name, format, shape: format, text, events: events.length, chunks, decoded };
}

const TEXT = answerText(1_500);
const TRANSCRIPTS: Transcript[] = [
  transcript("chat", "openai.chat", chatTranscript(TEXT), TEXT),
  transcript("anthropic", "anthropic.messages", anthropicTranscript(TEXT), TEXT),
];

// ---------------------------------------------------------------------------------------------------------------
// One stream per case

function parseStream(input: Transcript): SseEvent[] {
  const parser = createSseParser();
  const out: SseEvent[] = [];
  for (const chunk of input.decoded) for (const event of parser.push(chunk)) out.push(event);
  for (const event of parser.end()) out.push(event);
  return out;
}

function guardStream(input: Transcript, events: ReadonlyArray<SseEvent>, settings: typeof WINDOW | typeof BUFFER): SseEvent[] {
  const guard = createStreamGuard({ format: input.format, ...settings });
  const released: SseEvent[] = [];
  let now = 0;
  const handle = (first: StreamStep): void => {
    let step: StreamStep | undefined = first;
    while (step !== undefined) {
      for (const event of step.release) released.push(event);
      step = step.scan === undefined ? undefined : guard.resolveScan(step.scan.id, { action: "allow" }, now);
    }
  };
  for (const event of events) handle(guard.push(event, (now += 1)));
  handle(guard.end(now));
  return released;
}

const ALLOW = { action: "allow" } as const;
const RESULT = { decision: "allow" } as unknown as GuardResult;
const scansInFlight: Array<Promise<unknown>> = [];

function fakeGuardrails(settings: typeof WINDOW): Guardrails {
  const fake = {
    options: { output: { mode: "window", ...settings } },
    checkStreamWindow: () => {
      const scan = Promise.resolve({ verdict: ALLOW, result: RESULT });
      scansInFlight.push(scan);
      return scan;
    },
  };
  return fake as unknown as Guardrails;
}

const GUARDRAILS = fakeGuardrails(WINDOW);

/** Waits until the fake Akto's verdicts were applied (the driver's `then` was registered before this `await`). */
async function settleScans(): Promise<void> {
  while (scansInFlight.length > 0) await Promise.all(scansInFlight.splice(0));
}

/** Stands in for a socket write: the text is flattened and encoded as UTF-8. */
const socketBuffer = Buffer.alloc(1 << 20);
const socketWrite = (text: string): void => {
  socketBuffer.write(text);
};

function openDriver(input: Transcript, mode: StreamGuardMode, write: (text: string) => void) {
  return guardSseStream({
    guardrails: GUARDRAILS,
    shape: input.shape,
    mode,
    context: { path: "/v1/chat/completions" },
    write,
    end: () => undefined,
    abortUpstream: () => undefined,
  });
}

/** `concurrency` streams at once, their chunks interleaved as a busy proxy receives them. */
async function driverStreams(input: Transcript, mode: StreamGuardMode, concurrency: number, write = socketWrite): Promise<void> {
  const drivers = Array.from({ length: concurrency }, () => openDriver(input, mode, write));
  for (const chunk of input.chunks) {
    for (const driver of drivers) driver.push(chunk);
    await settleScans();
  }
  for (const driver of drivers) driver.end();
  await settleScans();
  await Promise.all(drivers.map((driver) => driver.finished));
}

// ---------------------------------------------------------------------------------------------------------------
// Checks and measurement

function assembledText(format: StreamFormat, events: ReadonlyArray<SseEvent>): string {
  const assembler = createStreamAssembler(format);
  for (const event of events) assembler.push(event);
  return assembler.parts().map((part) => part.text).join("");
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`stream-bench self-check failed: ${message}`);
}

interface Case {
  readonly name: string;
  readonly events: number;
  /** Streams per unit of `run` (default 1). */
  readonly streamsPerRun?: number;
  /** Runs `count` units. */
  readonly run: (count: number) => void | Promise<void>;
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  for (const input of TRANSCRIPTS) {
    const parsed = parseStream(input);
    check(parsed.length === input.events, `${input.name}: parsed ${parsed.length} of ${input.events} events`);
    check(assembledText(input.format, parsed) === input.text, `${input.name}: parsed text differs`);
    cases.push({
      name: `parse ${input.name}`,
      events: input.events,
      run: (count) => {
        for (let index = 0; index < count; index++) parseStream(input);
      },
    });
    for (const [label, settings] of [["window", WINDOW], ["buffer", BUFFER]] as const) {
      const released = guardStream(input, parsed, settings);
      check(assembledText(input.format, released) === input.text, `${input.name} guard ${label}: released text differs`);
      cases.push({
        name: `guard ${label} ${input.name}`,
        events: input.events,
        run: (count) => {
          for (let index = 0; index < count; index++) guardStream(input, parsed, settings);
        },
      });
    }
    for (const mode of ["window", "buffer", "audit"] as const) {
      cases.push({
        name: `driver ${mode} ${input.name}`,
        events: input.events,
        run: async (count) => {
          for (let index = 0; index < count; index++) await driverStreams(input, mode, 1);
        },
      });
    }
    if (input.format !== "openai.chat") continue;
    for (const mode of ["window", "buffer"] as const) {
      cases.push({
        name: `driver ${mode} ${input.name} ×${CONCURRENCY} concurrent`,
        events: input.events,
        streamsPerRun: CONCURRENCY,
        run: async (count) => {
          for (let index = 0; index < count; index++) await driverStreams(input, mode, CONCURRENCY);
        },
      });
    }
  }
  return cases;
}

async function checkDrivers(): Promise<void> {
  for (const input of TRANSCRIPTS) {
    for (const mode of ["window", "buffer", "audit"] as const) {
      let written = "";
      await driverStreams(input, mode, 1, (text) => {
        written += text;
      });
      const parser = createSseParser();
      const events = [...parser.push(written), ...parser.end()];
      check(events.length === input.events, `${input.name} driver ${mode}: wrote ${events.length} of ${input.events} events`);
      check(assembledText(input.format, events) === input.text, `${input.name} driver ${mode}: written text differs`);
    }
  }
}

const gcEntries: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcEntries.push(entry);
});
gcObserver.observe({ entryTypes: ["gc"] });

/** GC pauses that started between `from` and `to` (entries arrive asynchronously, so wait a little first). */
async function gcBetween(from: number, to: number): Promise<{ count: number; ms: number }> {
  await new Promise((resolve) => setTimeout(resolve, 30));
  let count = 0;
  let ms = 0;
  for (const entry of gcEntries) {
    if (entry.startTime < from || entry.startTime > to) continue;
    count += 1;
    ms += entry.duration;
  }
  gcEntries.length = 0;
  return { count, ms };
}

interface Measurement {
  readonly name: string;
  readonly microsPerStream: number;
  readonly microsPerEvent: number;
  readonly gcPerThousandStreams: number;
  readonly gcMicrosPerStream: number;
  readonly gcShare: number;
}

async function measure(benchCase: Case): Promise<Measurement> {
  // Calibrate a batch that takes ~20 ms, then warm up.
  let batch = 1;
  for (;;) {
    const started = performance.now();
    await benchCase.run(batch);
    if (performance.now() - started > 20 || batch >= 100_000) break;
    batch *= 2;
  }
  const warmUntil = performance.now() + WARM_UP_MS;
  while (performance.now() < warmUntil) await benchCase.run(batch);
  const runs: Array<{ micros: number; streams: number; gc: { count: number; ms: number }; elapsed: number }> = [];
  for (let run = 0; run < RUNS; run++) {
    let streams = 0;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    while (performance.now() - started < RUN_MS) {
      await benchCase.run(batch);
      streams += batch * (benchCase.streamsPerRun ?? 1);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const ended = performance.now();
    const elapsed = ended - started;
    // CPU time of the process (all its threads, so concurrent GC work counts), as the lead measured the proxy.
    runs.push({ micros: (cpu.user + cpu.system) / streams, streams, gc: await gcBetween(started, ended), elapsed });
  }
  runs.sort((first, second) => first.micros - second.micros);
  const median = runs[Math.floor(runs.length / 2)]!;
  const totalStreams = runs.reduce((sum, run) => sum + run.streams, 0);
  const totalGc = runs.reduce((sum, run) => sum + run.gc.count, 0);
  const totalGcMs = runs.reduce((sum, run) => sum + run.gc.ms, 0);
  const totalMs = runs.reduce((sum, run) => sum + run.elapsed, 0);
  return {
    name: benchCase.name,
    microsPerStream: median.micros,
    microsPerEvent: median.micros / benchCase.events,
    gcPerThousandStreams: (totalGc * 1000) / totalStreams,
    gcMicrosPerStream: (totalGcMs * 1000) / totalStreams,
    gcShare: totalGcMs / totalMs,
  };
}

/**
 * Heap retained per event held by the guard: BENCH_CONCURRENCY buffer-mode chat streams are fed completely
 * but never ended, so every event stays queued (as in buffer mode until the single scan, or in window mode
 * behind a window in flight). This is what young-generation GCs must copy, and old-generation GCs mark.
 */
function retainedBytesPerHeldEvent(): number {
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc") as () => void;
  const input = TRANSCRIPTS[0] as Transcript;
  collect();
  collect();
  const before = process.memoryUsage().heapUsed;
  const held: unknown[] = [];
  for (let stream = 0; stream < CONCURRENCY; stream++) {
    const decoder = new TextDecoder();
    const parser = createSseParser();
    const guard = createStreamGuard({ format: input.format, ...BUFFER });
    for (const chunk of input.chunks) for (const event of parser.push(decoder.decode(chunk, { stream: true }))) guard.push(event, 0);
    held.push(guard);
  }
  collect();
  collect();
  const retained = process.memoryUsage().heapUsed - before;
  check(held.length === CONCURRENCY, "streams held");
  return retained / (CONCURRENCY * input.events);
}

await checkDrivers();
const cases = buildCases().filter((benchCase) => ONLY === undefined || benchCase.name.includes(ONLY));
console.log(
  `stream-bench: node ${process.version}; ${TEXT.length} chars in 8-char deltas; ` +
    TRANSCRIPTS.map((input) => `${input.name} ${input.events} events in ${input.chunks.length} chunks`).join(", ") +
    `; median of ${RUNS} runs of ${RUN_MS} ms`,
);
console.log("");
console.log("| case | CPU µs / stream | CPU µs / event | GCs / 1k streams | GC pause µs / stream | GC pause share |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const benchCase of cases) {
  const result = await measure(benchCase);
  console.log(
    `| ${result.name} | ${result.microsPerStream.toFixed(1)} | ${result.microsPerEvent.toFixed(2)} | ${result.gcPerThousandStreams.toFixed(1)} | ${result.gcMicrosPerStream.toFixed(1)} | ${(result.gcShare * 100).toFixed(1)}% |`,
  );
}
const wireBytesPerEvent = (TRANSCRIPTS[0] as Transcript).chunks.reduce((sum, chunk) => sum + chunk.length, 0) / (TRANSCRIPTS[0] as Transcript).events;
console.log("");
console.log(
  `heap retained per held chat event: ${retainedBytesPerHeldEvent().toFixed(0)} bytes (its wire text: ${wireBytesPerEvent.toFixed(0)} bytes)`,
);
gcObserver.disconnect();
