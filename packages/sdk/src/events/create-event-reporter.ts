import type { EventSink, GuardrailEvent } from "@akto-guardrails/core";
import type { Logger } from "pino";
import { EventSpool, type SpooledEvent } from "./event-spool";

export interface EventReporterOptions {
  /** Delivers one event body; rejects when it was not accepted. */
  readonly deliver: (body: unknown) => Promise<void>;
  /** Turns an event into the body to deliver. */
  readonly toBody: (event: GuardrailEvent) => unknown;
  /** Events delivered concurrently per round. */
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  /** In-memory bound; beyond it events go to the spool. */
  readonly maxQueue: number;
  /** Without a directory, undeliverable events stay in memory (bounded by maxQueue, oldest dropped). */
  readonly spoolDir?: string;
  readonly logger?: Logger;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Longest time `close()` spends trying to deliver before it spools what is left. */
  readonly closeTimeoutMs?: number;
}

export interface EventReporterStats {
  readonly queued: number;
  readonly spooled: number;
  readonly delivered: number;
  readonly failedAttempts: number;
  readonly dropped: number;
}

export interface EventReporter extends EventSink {
  /** Tries to deliver everything queued now; resolves when the attempt is over (delivered or not). */
  flush(): Promise<void>;
  /** Stops, makes a last bounded delivery attempt, and spools whatever is left for the next start. */
  close(): Promise<void>;
  stats(): EventReporterStats;
}

/**
 * Reports guardrail events to Akto in batches, with exponential backoff and full jitter while
 * Akto is unreachable. Undeliverable events spill to a JSONL spool that the next reporter
 * replays, so an Akto outage or a graceful restart loses nothing. `record()` never blocks.
 */
export function createEventReporter(options: EventReporterOptions): EventReporter {
  const initialBackoffMs = options.initialBackoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const spool = options.spoolDir ? new EventSpool(options.spoolDir) : undefined;
  let queue: SpooledEvent[] = [];
  let delivered = 0;
  let failedAttempts = 0;
  let dropped = 0;
  let backoffMs = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  let failing = false;

  const claimed = spool?.claimOrphans() ?? 0;
  if (claimed > 0) options.logger?.info({ events: claimed }, "replaying spooled guardrail events");

  const spill = () => {
    if (queue.length === 0) return;
    if (spool) {
      spool.write(queue);
    } else {
      // No spool configured: keep the newest maxQueue events, drop the oldest.
      const overflow = queue.length - options.maxQueue;
      if (overflow <= 0) return;
      dropped += overflow;
      queue = queue.slice(overflow);
      return;
    }
    queue = [];
  };

  const schedule = (delayMs: number) => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void drain();
    }, delayMs);
    timer.unref();
  };

  /** Delivers one batch; returns the events that failed. */
  const deliverBatch = async (batch: ReadonlyArray<SpooledEvent>): Promise<SpooledEvent[]> => {
    const results = await Promise.allSettled(batch.map((event) => options.deliver(event.body)));
    const failed = batch.filter((_event, index) => results[index]!.status === "rejected");
    delivered += batch.length - failed.length;
    if (failed.length > 0) {
      failedAttempts += 1;
      const reason = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
      const error = reason.reason as { code?: string; message?: string };
      options.logger?.warn({ failed: failed.length, code: error?.code, error: error?.message }, "guardrail event delivery failed; will retry");
    }
    return failed;
  };

  const drainOnce = async (): Promise<boolean> => {
    // The spool holds the oldest events: deliver it first.
    const segment = spool?.peek();
    if (segment) {
      const batch = segment.events.slice(0, options.batchSize);
      const failed = await deliverBatch(batch);
      spool!.rewrite(segment.path, [...failed, ...segment.events.slice(batch.length)]);
      return failed.length === 0;
    }
    if (queue.length === 0) return true;
    const batch = queue.slice(0, options.batchSize);
    queue = queue.slice(batch.length);
    const failed = await deliverBatch(batch);
    if (failed.length > 0) queue = [...failed, ...queue];
    return failed.length === 0;
  };

  const hasWork = () => queue.length > 0 || (spool !== undefined && spool.size() > 0);

  const drain = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        while (hasWork()) {
          const ok = await drainOnce();
          if (!ok) {
            failing = true;
            spill();
            backoffMs = Math.min(maxBackoffMs, backoffMs === 0 ? initialBackoffMs : backoffMs * 2);
            schedule(Math.random() * backoffMs);
            return;
          }
          failing = false;
          backoffMs = 0;
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  if (claimed > 0) schedule(0);

  return {
    record(event) {
      if (closed) {
        // Late events after close still must not be lost.
        spool?.write([{ id: event.id, body: options.toBody(event) }]);
        return;
      }
      try {
        queue.push({ id: event.id, body: options.toBody(event) });
      } catch (error) {
        options.logger?.error({ error: (error as Error).message }, "could not serialise a guardrail event");
        return;
      }
      if (queue.length >= options.maxQueue) spill();
      // While Akto is failing, the backoff timer owns the next attempt.
      if (!failing) schedule(queue.length >= options.batchSize ? 0 : options.flushIntervalMs);
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      await drain();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const deadline = Date.now() + (options.closeTimeoutMs ?? 2_000);
      await running;
      while (hasWork() && Date.now() < deadline) {
        const ok = await drainOnce().catch(() => false);
        if (!ok) break;
      }
      spill();
      spool?.release();
    },
    stats() {
      return { queued: queue.length, spooled: spool?.size() ?? 0, delivered, failedAttempts, dropped };
    },
  };
}
