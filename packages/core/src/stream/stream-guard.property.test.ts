import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStreamAssembler } from "./stream-assembler";
import type { WindowScan, WindowVerdict } from "./stream-guard-types";
import { checkGuardRun } from "./test-utils/check-guard-run";
import { checkTermination } from "./test-utils/check-termination";
import { driveGuard } from "./test-utils/drive-guard";
import { FIXTURES, fixtureEvents } from "./test-utils/fixtures";
import { redact } from "./test-utils/redact";
import { mergeOpeningChunks } from "./test-utils/merge-opening-chunks";
import { resplitTextEvents } from "./test-utils/resplit-text-events";
import type { SseEvent, StreamFormat } from "./types";

type Plan =
  | { kind: "allow" }
  | { kind: "block" }
  | { kind: "sanitize"; mode: "redact" | "replace" | "upper" | "empty" | "grow"; filler: string };

const FIXTURE_EVENTS = FIXTURES.map((fixture) => ({ ...fixture, events: fixtureEvents(fixture.name) }));

const planArbitrary: fc.Arbitrary<Plan> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Plan>({ kind: "allow" }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("sanitize" as const),
      mode: fc.constantFrom("redact" as const, "replace" as const, "upper" as const, "empty" as const, "grow" as const),
      filler: fc.string({ maxLength: 12 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant<Plan>({ kind: "block" }) },
);

function verdictFor(plan: Plan, scan: WindowScan): WindowVerdict {
  if (plan.kind !== "sanitize") return { action: plan.kind };
  const rewrite = (text: string): string => {
    switch (plan.mode) {
      case "redact":
        return redact(text);
      case "replace":
        return plan.filler;
      case "upper":
        return text.toUpperCase();
      case "empty":
        return "";
      case "grow":
        return `${text}${plan.filler}${text}`;
    }
  };
  return { action: "sanitize", parts: scan.parts.map((part) => ({ key: part.key, text: rewrite(part.text) })) };
}

const scenario = fc.record({
  fixture: fc.integer({ min: 0, max: FIXTURE_EVENTS.length - 1 }),
  windowChars: fc.integer({ min: 1, max: 160 }),
  overlapChars: fc.integer({ min: 0, max: 40 }),
  flushMs: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 80 })),
  gaps: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 16 }),
  delays: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 16 }),
  cuts: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 16 }),
  mergeOpenings: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(input: Scenario): {
  format: StreamFormat;
  events: SseEvent[];
} {
  const fixture = FIXTURE_EVENTS[input.fixture] as (typeof FIXTURE_EVENTS)[number];
  // Re-chunk the text deltas so event sizes vary independently of the window size.
  const source = input.mergeOpenings && fixture.format === "openai.chat" ? mergeOpeningChunks(fixture.events) : fixture.events;
  const events = resplitTextEvents(source, fixture.format, (index, length) => {
    const cut = input.cuts[index % input.cuts.length] ?? 0;
    return cut === 0 ? [] : [cut % length, (cut * 7) % length];
  });
  return { format: fixture.format, events };
}

function assembled(format: StreamFormat, events: ReadonlyArray<SseEvent>): Map<string, string> {
  const assembler = createStreamAssembler(format);
  for (const event of events) assembler.push(event);
  return new Map(assembler.parts().map((part) => [part.key, part.text]));
}

describe("createStreamGuard (properties)", () => {
  it("should keep every invariant under random chunking, timing and allow/sanitize/block verdicts", () => {
    fc.assert(
      fc.property(scenario, fc.array(planArbitrary, { minLength: 1, maxLength: 24 }), (input, plans) => {
        const { format, events } = build(input);
        let scanIndex = 0;
        const run = driveGuard({
          events,
          guard: { format, windowChars: input.windowChars, overlapChars: input.overlapChars, flushMs: input.flushMs },
          decide: (scan) => verdictFor(plans[scanIndex++ % plans.length] as Plan, scan),
          delay: (scan) => input.delays[scan.id % input.delays.length] ?? 0,
          gap: (index) => input.gaps[index % input.gaps.length] ?? 1,
        });
        // (1) released text was approved, (2) scans never include released text, (5) one scan in flight,
        // (6) nothing but the termination after a block: all checked while replaying the run.
        const report = checkGuardRun(run, events, format, input.overlapChars);
        // (3) no O(n²): every character is sent once as new text plus at most one overlap per part.
        const parts = run.scans.reduce((count, scan) => count + scan.parts.length, 0);
        expect(report.totalScanned).toBeLessThanOrEqual(report.totalUpstream + parts * input.overlapChars);
        if (run.terminated) checkTermination(format, run.released, run.terminationStart ?? -1);
        if (format === "openai.responses") {
          const numbers = run.released.map((event) => (JSON.parse(event.data) as { sequence_number?: number }).sequence_number);
          expect(numbers).toEqual(numbers.map((_, index) => index));
        }
      }),
      { seed: 424242, numRuns: 2000 },
    );
  }, 60_000);

  it("should release exactly the original text per key when every verdict allows", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const { format, events } = build(input);
        const run = driveGuard({
          events,
          guard: { format, windowChars: input.windowChars, overlapChars: input.overlapChars, flushMs: input.flushMs },
          decide: () => ({ action: "allow" }),
          delay: (scan) => input.delays[scan.id % input.delays.length] ?? 0,
          gap: (index) => input.gaps[index % input.gaps.length] ?? 1,
        });
        const report = checkGuardRun(run, events, format, input.overlapChars);
        // (4) all-allow releases the exact original text per key.
        expect(assembled(format, run.released)).toEqual(assembled(format, events));
        expect(report.releasedText).toEqual(report.upstreamText);
        expect(run.terminated).toBe(false);
      }),
      { seed: 1337, numRuns: 1000 },
    );
  }, 60_000);
});
