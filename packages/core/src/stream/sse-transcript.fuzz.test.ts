import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serializeSseEvent } from "./serialize-sse-event";
import { createSseParser } from "./sse-parser";
import { createStreamAssembler } from "./stream-assembler";
import { createStreamGuard } from "./stream-guard";
import type { StreamGuardOptions, WindowScan, WindowVerdict } from "./stream-guard-types";
import { checkTermination } from "./test-utils/check-termination";
import { FIXTURES, fixtureEvents, readFixture } from "./test-utils/fixtures";
import type { SseEvent, StreamFormat } from "./types";

// Hostile upstream streams. The SSE parser and the stream guard see what an adapter sees when an
// upstream dies mid-stream (the transcript cut at every byte, a multi-byte character included),
// sends corrupted bytes, or sends events of the right names with the wrong contents. They must never
// throw, must finish, and must release only what the verdicts allowed.

const FORMATS: StreamFormat[] = ["openai.chat", "openai.completions", "openai.responses", "anthropic.messages"];

type Decide = (scan: WindowScan, index: number) => WindowVerdict;

interface GuardOutcome {
  readonly released: SseEvent[];
  readonly scans: number;
  readonly done: boolean;
  readonly terminated: boolean;
  readonly terminationStart: number | undefined;
}

/** Drives a guard the way an adapter does when every verdict arrives before the next upstream event. */
function runGuard(format: StreamFormat, events: ReadonlyArray<SseEvent>, options: Omit<StreamGuardOptions, "format">, decide: Decide): GuardOutcome {
  const guard = createStreamGuard({ format, flushMs: Infinity, ...options });
  const released: SseEvent[] = [];
  let pending: WindowScan | undefined;
  let scans = 0;
  let done = false;
  let terminated = false;
  let terminationStart: number | undefined;
  const handle = (step: ReturnType<typeof guard.push>): void => {
    if (step.terminated && !terminated) {
      terminated = true;
      terminationStart = released.length;
    }
    if (done && step.release.length > 0) throw new Error("released events after done");
    released.push(...step.release);
    if (step.scan !== undefined) {
      if (pending !== undefined) throw new Error("two scans in flight");
      pending = step.scan;
    }
    done = step.done;
  };
  const settle = (): void => {
    while (pending !== undefined) {
      const scan = pending;
      pending = undefined;
      handle(guard.resolveScan(scan.id, decide(scan, scans), 0));
      scans += 1;
    }
  };
  for (const event of events) {
    handle(guard.push(event, 0));
    settle();
  }
  handle(guard.end(0));
  settle();
  return { released, scans, done, terminated, terminationStart };
}

const allow: Decide = () => ({ action: "allow" });
const blockFirst: Decide = () => ({ action: "block" });
const sanitizeAll: Decide = (scan) => ({ action: "sanitize", parts: scan.parts.map((part) => ({ key: part.key, text: "#".repeat(part.text.length % 5) })) });

function assembledTexts(format: StreamFormat, events: ReadonlyArray<SseEvent>): string {
  const assembler = createStreamAssembler(format);
  for (const event of events) assembler.push(event);
  return JSON.stringify(assembler.parts());
}

function parseBytes(bytes: Uint8Array, cuts: ReadonlyArray<number> = []): SseEvent[] {
  const decoder = new TextDecoder("utf-8");
  const parser = createSseParser();
  const events: SseEvent[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...parser.push(decoder.decode(bytes.subarray(start, cut), { stream: true })));
    start = cut;
  }
  events.push(...parser.push(decoder.decode()), ...parser.end());
  return events;
}

/**
 * With every verdict `allow` and nothing held back (overlap 0), every event goes out once, in order,
 * as the very object that came in. Responses streams are the exception the format requires: sequence
 * numbers are renumbered and `*.done` aggregates repeat the text actually released, so there the
 * check is on event names and on the assembled text.
 */
function checkAllReleased(format: StreamFormat, events: ReadonlyArray<SseEvent>, outcome: GuardOutcome): void {
  const { released } = outcome;
  if (outcome.terminated || released.length !== events.length) throw new Error("an all-allow run must release every event once");
  if (format !== "openai.responses") {
    if (released.some((event, index) => event !== events[index])) throw new Error("an all-allow run must release every event unchanged");
    return;
  }
  if (released.some((event, index) => event.event !== events[index]?.event) || assembledTexts(format, released) !== assembledTexts(format, events)) {
    throw new Error("an all-allow run must release every event and all of its text");
  }
}

/** Checks what every run must satisfy, whatever the input and verdicts. */
function checkOutcome(format: StreamFormat, events: ReadonlyArray<SseEvent>, outcome: GuardOutcome, decide: Decide): void {
  if (!outcome.done) throw new Error("the guard did not finish");
  if (decide === allow) checkAllReleased(format, events, outcome);
  if (decide === blockFirst && outcome.scans > 0) {
    if (!outcome.terminated) throw new Error("a blocked stream must be terminated");
    checkTermination(format, outcome.released, outcome.terminationStart ?? -1);
    // The first window was blocked, so no text at all may have reached the client.
    const leaked = JSON.parse(assembledTexts(format, outcome.released)) as Array<{ text: string }>;
    if (leaked.some((part) => part.text.length > 0)) throw new Error(`text released before the block: ${JSON.stringify(leaked)}`);
  }
}

/** A short transcript per fixture: its opening events, a few text events and its end, so every byte can be cut. */
function compactTranscript(name: string): string {
  const events = fixtureEvents(name);
  const keep = new Set<number>([...events.keys()].filter((index) => index < 8 || index >= events.length - 4));
  return [...keep].map((index) => serializeSseEvent(events[index] as SseEvent)).join("");
}

describe("SSE transcripts (fuzz)", { timeout: 60_000 }, () => {
  it("should parse a transcript cut at every byte into a prefix of its events, and guard it to the end", () => {
    let cuts = 0;
    for (const { name, format } of FIXTURES) {
      const text = compactTranscript(name);
      const bytes = new TextEncoder().encode(text);
      const full = parseBytes(bytes);
      const fullKeys = full.map((event) => JSON.stringify(event));
      expect(full.length).toBeGreaterThan(8);
      for (let cut = 0; cut <= bytes.length; cut += 1) {
        const events = parseBytes(bytes.subarray(0, cut));
        if (events.some((event, index) => JSON.stringify(event) !== fullKeys[index])) {
          throw new Error(`${name} cut at byte ${cut}: the events are not a prefix of the transcript's`);
        }
        // Window mode and buffer mode (one scan at the end) take turns on the blocked run.
        const blockWindow = cut % 2 === 0 ? { windowChars: 12, overlapChars: 4 } : { windowChars: Infinity, overlapChars: 0 };
        for (const [options, decide] of [
          [{ windowChars: 12, overlapChars: 0 }, allow],
          [blockWindow, blockFirst],
          [{ windowChars: 7, overlapChars: 3 }, sanitizeAll],
        ] as const) {
          try {
            checkOutcome(format, events, runGuard(format, events, options, decide), decide);
          } catch (error) {
            throw new Error(`${name} cut at byte ${cut}, ${decide.name}: ${(error as Error).message}`);
          }
        }
        cuts += 1;
      }
    }
    expect(cuts).toBeGreaterThan(10_000);
  });

  it("should survive corrupted bytes: flips, invalid UTF-8, stray line breaks, deletions", () => {
    const transcripts = FIXTURES.map(({ name, format }) => ({ format, bytes: new TextEncoder().encode(readFixture(name)) }));
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom("flip", "insert", "delete", "line"),
      byte: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xff, 0xfe, 0xc3, 0xe2, 0xf0, 0x80, 0x00, 0x0d, 0x0a, 0x3a)),
      length: fc.integer({ min: 1, max: 40 }),
    });
    fc.assert(
      fc.property(
        fc.nat(transcripts.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 12 }),
        fc.uniqueArray(fc.nat(), { maxLength: 20 }),
        fc.constantFrom(allow, blockFirst, sanitizeAll),
        (index, mutations, rawCuts, decide) => {
          const { format, bytes: original } = transcripts[index] as (typeof transcripts)[number];
          let bytes = Array.from(original);
          for (const { at, kind, byte, length } of mutations) {
            const position = at % (bytes.length + 1);
            if (kind === "flip" && position < bytes.length) bytes[position] = byte;
            else if (kind === "insert") bytes.splice(position, 0, byte);
            else if (kind === "delete") bytes.splice(position, length);
            else bytes.splice(position, 0, ...(byte % 2 === 0 ? [0x0a, 0x0a] : [0x0d]));
          }
          const mutated = Uint8Array.from(bytes);
          bytes = [];
          const cuts = rawCuts.map((cut) => cut % (mutated.length + 1)).sort((first, second) => first - second);
          const events = parseBytes(mutated, cuts);
          const outcome = runGuard(format, events, { windowChars: 24, overlapChars: decide === allow ? 0 : 6 }, decide);
          checkOutcome(format, events, outcome, decide);
          if (({} as Record<string, unknown>)["polluted"] !== undefined) throw new Error("a prototype was polluted");
        },
      ),
      { seed: 99_001, numRuns: 1000 },
    );
  });

  it("should never throw on events with the right names and the wrong contents", () => {
    const fieldNames = ["type", "index", "delta", "text", "choices", "content", "output_index", "content_index", "item", "content_block", "partial_json", "arguments", "tool_calls", "function", "finish_reason", "response", "sequence_number", "output", "part", "__proto__", "constructor"];
    const eventTypes = [
      "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop",
      "response.created", "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.done",
      "response.function_call_arguments.delta", "response.output_item.done", "response.completed", "response.refusal.delta", "response.reasoning_summary_text.delta",
      "text_delta", "input_json_delta", "thinking_delta", "chat.completion.chunk", "text_completion",
    ];
    const scalar = fc.oneof(fc.string({ maxLength: 10 }), fc.integer({ min: -2, max: 3 }), fc.constant(null), fc.boolean(), fc.constantFrom(...eventTypes));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("array"), tie("object")),
      array: fc.array(tie("node"), { maxLength: 3 }),
      object: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 6 })), tie("node")), { maxLength: 5 }).map((entries) => {
        const object: Record<string, unknown> = {};
        for (const [key, item] of entries) Object.defineProperty(object, key, { value: item, enumerable: true, configurable: true, writable: true });
        return object;
      }),
    })).node;
    // Mostly the right value, sometimes one of the wrong type (or a hostile object).
    const maybe = <T,>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: value });
    const index = maybe(fc.nat(2));
    const text = maybe(fc.string({ maxLength: 12 }));
    const templates: Record<StreamFormat, fc.Arbitrary<unknown>> = {
      "openai.chat": fc.record({
        object: fc.constant("chat.completion.chunk"),
        choices: fc.array(fc.record({ index, delta: fc.record({ role: maybe(fc.constant("assistant")), content: text, refusal: text, tool_calls: fc.array(fc.record({ index, id: text, function: fc.record({ name: text, arguments: text }, { requiredKeys: [] }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), finish_reason: maybe(fc.constantFrom(null, "stop", "tool_calls")) }, { requiredKeys: [] }), { maxLength: 2 }),
      }),
      "openai.completions": fc.record({ object: fc.constant("text_completion"), choices: fc.array(fc.record({ index, text, finish_reason: maybe(fc.constantFrom(null, "stop")) }, { requiredKeys: [] }), { maxLength: 2 }) }),
      "openai.responses": fc.record(
        {
          type: fc.constantFrom(...eventTypes.filter((type) => type.startsWith("response."))),
          output_index: index,
          content_index: index,
          summary_index: index,
          delta: text,
          text,
          arguments: text,
          item: maybe(fc.record({ type: fc.constantFrom("message", "function_call", "reasoning"), id: text, content: maybe(fc.array(fc.record({ type: fc.constant("output_text"), text }), { maxLength: 2 })), arguments: text }, { requiredKeys: ["type"] })),
          sequence_number: maybe(fc.nat(50)),
        },
        { requiredKeys: ["type"] },
      ),
      "anthropic.messages": fc.record(
        {
          type: fc.constantFrom("message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop", "ping"),
          index,
          content_block: maybe(fc.record({ type: fc.constantFrom("text", "tool_use", "thinking"), text, input: maybe(fc.constant({})), thinking: text }, { requiredKeys: ["type"] })),
          delta: maybe(fc.record({ type: fc.constantFrom("text_delta", "input_json_delta", "thinking_delta", "signature_delta"), text, partial_json: text, thinking: text, stop_reason: maybe(fc.constant("end_turn")) }, { requiredKeys: ["type"] })),
          message: maybe(fc.record({ id: text, content: fc.constant([]), usage: fc.constant({ output_tokens: 1 }) })),
          usage: maybe(fc.constant({ output_tokens: 3 })),
        },
        { requiredKeys: ["type"] },
      ),
    };
    const eventFor = (format: StreamFormat): fc.Arbitrary<SseEvent> =>
      fc.oneof(
        { weight: 6, arbitrary: templates[format].map((data): SseEvent => ({ data: JSON.stringify(data) ?? "null" })) },
        { weight: 1, arbitrary: fc.record({ event: fc.constantFrom(...eventTypes), data: value.map((data) => JSON.stringify(data) ?? "null") }, { requiredKeys: ["data"] }) },
        { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 20 }), fc.constant("[DONE]")).map((data): SseEvent => ({ data })) },
      );
    const scenario = fc.constantFrom(...FORMATS).chain((format) => fc.tuple(fc.constant(format), fc.array(eventFor(format), { maxLength: 25 })));
    let scans = 0;
    fc.assert(
      fc.property(scenario, fc.constantFrom(allow, blockFirst, sanitizeAll), fc.integer({ min: 1, max: 30 }), ([format, events], decide, windowChars) => {
        const outcome = runGuard(format, events, { windowChars, overlapChars: decide === allow ? 0 : 4 }, decide);
        if (!outcome.done) throw new Error("the guard did not finish");
        // Events may be split into copies here (a tool call head goes out before its arguments), so
        // the check is on the text: all of it, in order, and no termination.
        if (decide === allow && (outcome.terminated || assembledTexts(format, outcome.released) !== assembledTexts(format, events))) {
          throw new Error("an all-allow run must release all of the text");
        }
        if (decide === blockFirst && outcome.scans > 0 && !outcome.terminated) throw new Error("a blocked stream must be terminated");
        scans += outcome.scans;
        const assembler = createStreamAssembler(format);
        for (const item of events) assembler.push(item);
        assembler.parts();
        if (({} as Record<string, unknown>)["index"] !== undefined) throw new Error("a prototype was polluted");
      }),
      { seed: 99_002, numRuns: 3000 },
    );
    // The generated events must reach the formats' text paths, or the property says little.
    expect(scans).toBeGreaterThan(300);
  });
});
