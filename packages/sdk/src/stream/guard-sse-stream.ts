import {
  createSseParser,
  createStreamAssembler,
  createStreamGuard,
  serializeSseEvent,
  streamFormatForShape,
  type ApiShape,
  type GuardContext,
  type GuardResult,
  type SseEvent,
  type StreamStep,
  type WindowScan,
} from "@akto-guardrails/core";
import type { Guardrails } from "../guard/create-guardrails";

export type StreamGuardMode = "window" | "buffer" | "audit";

export interface GuardSseStreamOptions {
  readonly guardrails: Guardrails;
  readonly shape: ApiShape;
  readonly mode: StreamGuardMode;
  readonly context: GuardContext;
  /** Writes text to the client. */
  readonly write: (text: string) => void;
  /** Ends the client stream. */
  readonly end: () => void;
  /** Stops the upstream (the LLM) after a block. */
  readonly abortUpstream: () => void;
  /** Called with every window's result (for headers, metrics, logs). */
  readonly onResult?: (result: GuardResult) => void;
}

export interface StreamSummary {
  /** The stream was cut because a window was blocked (or failed closed). */
  readonly terminated: boolean;
  /** Windows sent to Akto. */
  readonly windows: number;
  /** The result that cut the stream, when it was cut. */
  readonly blockedBy?: GuardResult;
}

/** A push-based SSE guard: feed it the upstream body, it writes what may reach the client. */
export interface GuardedSseStream {
  /** A chunk of the upstream body. */
  push(chunk: Uint8Array | string): void;
  /** The upstream body ended (normally or with an error): scan what is left, then end. */
  end(): void;
  /** The client went away: stop timers and scans, abort the upstream. */
  cancel(): void;
  readonly finished: Promise<StreamSummary>;
}

/**
 * Drives core's stream guard for one SSE response: decodes bytes, parses events, runs window
 * scans through the guard engine, fires the flush timer, and writes released events. In `audit`
 * mode it forwards everything untouched and scans the assembled text once at the end.
 */
export function guardSseStream(options: GuardSseStreamOptions): GuardedSseStream {
  const format = streamFormatForShape(options.shape);
  if (!format) throw new TypeError(`${options.shape} responses do not stream`);
  const { guardrails } = options;
  const decoder = new TextDecoder("utf-8");
  const parser = createSseParser();
  const scanAbort = new AbortController();
  let finishedResolve!: (summary: StreamSummary) => void;
  const finished = new Promise<StreamSummary>((resolve) => {
    finishedResolve = resolve;
  });
  let windows = 0;
  let over = false;
  let blockedBy: GuardResult | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** When the running flush timer fires. */
  let timerDeadline = 0;

  const decodeOptions = { stream: true };
  const decode = (chunk: Uint8Array | string) => (typeof chunk === "string" ? chunk : decoder.decode(chunk, decodeOptions));

  const finish = (terminated: boolean) => {
    if (over) return;
    over = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
    options.end();
    finishedResolve({ terminated, windows, ...(blockedBy ? { blockedBy } : {}) });
  };

  const scanContext = { ...options.context, shape: options.shape, signal: scanAbort.signal };

  if (options.mode === "audit") {
    const assembler = createStreamAssembler(format);
    const audit = async () => {
      const parts = assembler.parts().filter((part) => part.text.length > 0);
      if (parts.length > 0) {
        windows += 1;
        const { result } = await guardrails.checkStreamWindow(parts, scanContext);
        options.onResult?.(result);
      }
    };
    const feed = (text: string, final: boolean) => {
      for (const event of parser.push(text)) assembler.push(event);
      if (final) for (const event of parser.end()) assembler.push(event);
    };
    return {
      push(chunk) {
        if (over) return;
        const text = decode(chunk);
        options.write(text);
        feed(text, false);
      },
      end() {
        if (over) return;
        const rest = decoder.decode();
        if (rest) options.write(rest);
        feed(rest, true);
        // The client has everything already; the scan only records what happened.
        options.end();
        over = true;
        void audit().finally(() => finishedResolve({ terminated: false, windows }));
      },
      cancel() {
        if (over) return;
        over = true;
        scanAbort.abort();
        options.abortUpstream();
        finishedResolve({ terminated: false, windows });
      },
      finished,
    };
  }

  const output = guardrails.options.output;
  const buffered = options.mode === "buffer";
  const guard = createStreamGuard({
    format,
    windowChars: buffered ? Number.POSITIVE_INFINITY : output.windowChars,
    overlapChars: buffered ? 0 : output.overlapChars,
    flushMs: buffered ? Number.POSITIVE_INFINITY : output.flushMs,
  });

  // Released events are collected and written once per upstream chunk (or scan verdict), not once per
  // event: an LLM chunk often carries several events, and every write is a syscall.
  let pending = "";
  const flushWrites = () => {
    if (pending.length === 0 || over) return;
    const text = pending;
    pending = "";
    options.write(text);
  };

  const apply = (step: StreamStep) => {
    if (over) return;
    for (const event of step.release) pending += serializeSseEvent(event);
    if (step.done) {
      flushWrites();
      // Finish first: an abortUpstream that re-enters end() must find the stream already over.
      finish(step.terminated);
      if (step.terminated) {
        scanAbort.abort();
        options.abortUpstream();
      }
      return;
    }
    if (step.scan) startScan(step.scan);
    const deadline = step.nextDeadline;
    // The guard repeats the same deadline on every push until a window starts: keep the running timer.
    if (deadline !== undefined && Number.isFinite(deadline) && (timer === undefined || deadline !== timerDeadline)) {
      if (timer) clearTimeout(timer);
      timerDeadline = deadline;
      timer = setTimeout(onTimer, Math.max(0, deadline - Date.now()));
      timer.unref();
    }
  };

  const onTimer = () => {
    timer = undefined;
    apply(guard.tick(Date.now()));
    flushWrites();
  };

  const pushEvents = (events: ReadonlyArray<SseEvent>, now: number) => {
    for (const event of events) apply(guard.push(event, now));
  };

  const startScan = (scan: WindowScan) => {
    windows += 1;
    const parts = scan.parts.map((part) => ({ key: part.key, text: part.text }));
    guardrails
      .checkStreamWindow(parts, scanContext)
      .then(({ verdict, result }) => {
        options.onResult?.(result);
        if (verdict.action === "block") blockedBy = result;
        apply(guard.resolveScan(scan.id, verdict, Date.now()));
        flushWrites();
      })
      .catch(() => {
        // The engine never rejects; if it somehow does, refuse to release unscanned text.
        apply(guard.resolveScan(scan.id, { action: "block" }, Date.now()));
        flushWrites();
      });
  };

  return {
    push(chunk) {
      if (over) return;
      pushEvents(parser.push(decode(chunk)), Date.now());
      flushWrites();
    },
    end() {
      if (over) return;
      const now = Date.now();
      pushEvents(parser.push(decoder.decode()), now);
      pushEvents(parser.end(), now);
      apply(guard.end(now));
      flushWrites();
    },
    cancel() {
      if (over) return;
      over = true;
      if (timer) clearTimeout(timer);
      scanAbort.abort();
      options.abortUpstream();
      finishedResolve({ terminated: false, windows });
    },
    finished,
  };
}
