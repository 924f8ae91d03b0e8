import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GuardrailEvent } from "@akto-guardrails/core";
import { describe, expect, it } from "vitest";
import { sampleGuardrailEvent } from "../test-utils/sample-guardrail-event";
import { createEventReporter, type EventReporterOptions } from "./create-event-reporter";

const event = (id: string): GuardrailEvent =>
  sampleGuardrailEvent({ id, action: "block", flagged: true, reason: "Prompt injection detected" });

/** A delivery target that can be switched off, recording what it accepted. */
function createTarget() {
  const accepted: string[] = [];
  let up = true;
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    accepted,
    setUp(value: boolean) {
      up = value;
    },
    deliver: async (body: unknown) => {
      if (!up) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ERR_AKTO_CONNECTION" });
      accepted.push((body as { id: string }).id);
      waiters = waiters.filter((waiter) => {
        if (accepted.length < waiter.count) return true;
        waiter.resolve();
        return false;
      });
    },
    waitFor(count: number) {
      return accepted.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }));
    },
  };
}

const baseOptions = (target: ReturnType<typeof createTarget>, spoolDir?: string): EventReporterOptions => ({
  deliver: target.deliver,
  toBody: (guardrailEvent) => ({ id: guardrailEvent.id }),
  batchSize: 10,
  flushIntervalMs: 10,
  maxQueue: 100,
  initialBackoffMs: 5,
  maxBackoffMs: 20,
  ...(spoolDir ? { spoolDir } : {}),
});

describe("createEventReporter", () => {
  it("should deliver recorded events in batches", async () => {
    const target = createTarget();
    const reporter = createEventReporter(baseOptions(target));
    for (let index = 0; index < 25; index += 1) reporter.record(event(`e${index}`));
    await target.waitFor(25);
    expect(new Set(target.accepted).size).toBe(25);
    await reporter.close();
    expect(reporter.stats()).toMatchObject({ queued: 0, delivered: 25 });
  });

  it("should keep events through an outage and deliver each exactly once when Akto returns", async () => {
    const target = createTarget();
    const spoolDir = mkdtempSync(join(tmpdir(), "spool-"));
    target.setUp(false);
    const reporter = createEventReporter(baseOptions(target, spoolDir));
    for (let index = 0; index < 30; index += 1) reporter.record(event(`e${index}`));
    await reporter.flush();
    expect(reporter.stats().spooled).toBeGreaterThan(0);
    target.setUp(true);
    await target.waitFor(30);
    await reporter.close();
    expect([...target.accepted].sort()).toEqual(Array.from({ length: 30 }, (_unused, index) => `e${index}`).sort());
  });

  it("should spool on close and replay in the next reporter exactly once", async () => {
    const target = createTarget();
    const spoolDir = mkdtempSync(join(tmpdir(), "spool-"));
    target.setUp(false);
    const first = createEventReporter(baseOptions(target, spoolDir));
    for (let index = 0; index < 12; index += 1) first.record(event(`e${index}`));
    await first.close();
    expect(target.accepted).toEqual([]);
    expect(readdirSync(spoolDir).filter((name) => name.startsWith("pending-")).length).toBeGreaterThan(0);

    target.setUp(true);
    const second = createEventReporter(baseOptions(target, spoolDir));
    await target.waitFor(12);
    await second.close();
    expect([...target.accepted].sort()).toEqual(Array.from({ length: 12 }, (_unused, index) => `e${index}`).sort());
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it("should drop the oldest events beyond maxQueue when no spool is configured", async () => {
    const target = createTarget();
    target.setUp(false);
    const reporter = createEventReporter({ ...baseOptions(target), maxQueue: 5 });
    for (let index = 0; index < 8; index += 1) reporter.record(event(`e${index}`));
    expect(reporter.stats().dropped).toBe(3);
    await reporter.close();
  });
});
