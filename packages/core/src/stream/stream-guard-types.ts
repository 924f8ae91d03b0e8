import type { SseEvent, StreamFormat } from "./types";

/**
 * Options of {@link createStreamGuard}.
 *
 * "window" mode (the defaults) releases text about one window behind the upstream; "buffer" mode
 * (`windowChars: Infinity`) holds everything and scans once at the end.
 */
export interface StreamGuardOptions {
  format: StreamFormat;
  /** A window is due when this many unscanned characters are pending. Default 500; `Infinity` = buffer mode. */
  windowChars?: number;
  /**
   * Characters held back per key after a scan and sent again as the start of the next window, so a
   * span cut by a window boundary is seen whole and can still be rewritten. Default 128 (0 in buffer mode).
   */
  overlapChars?: number;
  /**
   * A window is due when the oldest unscanned text is this old (ms). Default 250 (`Infinity` in
   * buffer mode); `Infinity` = never.
   */
  flushMs?: number;
}

/** The stream guard state machine. It does no I/O and reads no clock: time comes in as `now` (ms). */
export interface StreamGuard {
  /** An upstream event arrived. */
  push(event: SseEvent, now: number): StreamStep;
  /** The upstream body finished (or failed): what is still unscanned forms the final window to scan. */
  end(now: number): StreamStep;
  /** The adapter's timer fired (see {@link StreamStep.nextDeadline}). */
  tick(now: number): StreamStep;
  /** The verdict of a scan. Stale or unknown ids are ignored; a fail-closed failure is reported as `block`. */
  resolveScan(scanId: number, verdict: WindowVerdict, now: number): StreamStep;
}

/** What the adapter must do after a call into the guard. */
export interface StreamStep {
  /** Write these to the client now, in order (unchanged events are the same objects that were pushed). */
  release: SseEvent[];
  /** Send this window to Akto now. At most one scan is in flight at any time. */
  scan?: WindowScan;
  /** Call `tick()` at this time if nothing else happens first (the flush timer). */
  nextDeadline?: number;
  /** Nothing more will ever be released (everything was released after `end()`, or the stream was terminated). */
  done: boolean;
  /** The stream ended early because of a block; `release` holds the format's termination events. */
  terminated: boolean;
}

/** One window to scan. */
export interface WindowScan {
  id: number;
  /**
   * Per key with new text: `text` is all of the key's unreleased text, i.e. the held-back tail that
   * was already scanned (`text.slice(0, heldLength)`) followed by the new text.
   */
  parts: Array<{ key: string; text: string; heldLength: number }>;
  /** The last window: `end()` was called or the format's end marker was seen. */
  final: boolean;
}

/** The outcome of a scan. */
export type WindowVerdict =
  | { action: "allow" }
  | { action: "block" }
  /** Each listed part's whole `text` replaces the text that was scanned for that key; unlisted keys are allowed. */
  | { action: "sanitize"; parts: ReadonlyArray<{ readonly key: string; readonly text: string }> };
