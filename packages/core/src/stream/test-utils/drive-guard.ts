import { createStreamGuard } from "../stream-guard";
import type { StreamGuardOptions, StreamStep, WindowScan, WindowVerdict } from "../stream-guard-types";
import type { SseEvent } from "../types";

export type TimelineItem =
  | { readonly kind: "scan"; readonly scan: WindowScan }
  | { readonly kind: "resolve"; readonly scan: WindowScan; readonly verdict: WindowVerdict }
  | { readonly kind: "release"; readonly events: SseEvent[]; readonly terminated: boolean };

export interface GuardRun {
  readonly released: SseEvent[];
  readonly scans: WindowScan[];
  readonly timeline: TimelineItem[];
  readonly terminated: boolean;
  readonly done: boolean;
  /** Index in `released` of the first termination event, when the stream was blocked. */
  readonly terminationStart: number | undefined;
}

export interface DriveOptions {
  readonly events: ReadonlyArray<SseEvent>;
  readonly guard: StreamGuardOptions;
  readonly decide: (scan: WindowScan) => WindowVerdict;
  /** Pushes that happen while a scan is in flight before its verdict arrives (default 0). */
  readonly delay?: (scan: WindowScan) => number;
  /** Milliseconds before each push (default 1). */
  readonly gap?: (index: number) => number;
}

/**
 * Drives a guard the way an adapter does, synchronously: pushes the events, fires ticks at the
 * deadlines the guard asks for, resolves each scan after a chosen number of pushes, then ends the
 * stream and resolves what is left. Throws if two scans are ever in flight.
 */
export function driveGuard(options: DriveOptions): GuardRun {
  const guard = createStreamGuard(options.guard);
  const released: SseEvent[] = [];
  const scans: WindowScan[] = [];
  const timeline: TimelineItem[] = [];
  let pending: { scan: WindowScan; remaining: number } | undefined;
  let deadline: number | undefined;
  let done = false;
  let terminated = false;
  let terminationStart: number | undefined;
  let now = 0;

  const handle = (step: StreamStep): void => {
    if (step.release.length > 0 || (step.terminated && !terminated)) {
      if (step.terminated && !terminated) terminationStart = released.length;
      timeline.push({ kind: "release", events: step.release, terminated: step.terminated });
      released.push(...step.release);
    }
    if (done && step.release.length > 0) throw new Error("released events after done");
    if (step.scan !== undefined) {
      if (pending !== undefined) throw new Error(`scan ${step.scan.id} started while scan ${pending.scan.id} is in flight`);
      pending = { scan: step.scan, remaining: options.delay?.(step.scan) ?? 0 };
      scans.push(step.scan);
      timeline.push({ kind: "scan", scan: step.scan });
    }
    deadline = step.nextDeadline;
    done = step.done;
    terminated ||= step.terminated;
  };

  const resolvePending = (force: boolean): void => {
    while (pending !== undefined && (force || pending.remaining <= 0)) {
      const { scan } = pending;
      pending = undefined;
      const verdict = options.decide(scan);
      timeline.push({ kind: "resolve", scan, verdict });
      handle(guard.resolveScan(scan.id, verdict, now));
    }
    if (pending !== undefined) pending.remaining -= 1;
  };

  options.events.forEach((event, index) => {
    now += options.gap?.(index) ?? 1;
    while (deadline !== undefined && deadline <= now && pending === undefined) {
      const at = deadline;
      handle(guard.tick(at));
      if (deadline === at) break;
      resolvePending(false);
    }
    handle(guard.push(event, now));
    resolvePending(false);
  });
  handle(guard.end(now));
  while (pending !== undefined) resolvePending(true);
  return { released, scans, timeline, terminated, done, terminationStart };
}
