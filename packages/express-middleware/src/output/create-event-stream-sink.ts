import type { ApiShape, GuardContext, GuardResult } from "@akto-guardrails/core";
import { guardSseStream, type Guardrails, type StreamGuardMode } from "@akto-guardrails/sdk";
import type { BodySink, OriginalMethods } from "./intercept-response";

export interface EventStreamSinkInput {
  readonly guardrails: Guardrails;
  readonly shape: ApiShape;
  readonly mode: StreamGuardMode;
  readonly context: GuardContext;
  readonly original: OriginalMethods;
  /** The guard cut the stream (after it wrote the spec-valid termination). */
  readonly onBlocked: (blockedBy: GuardResult | undefined) => void;
}

export interface EventStreamSink extends BodySink {
  /** The client went away: stop scanning. */
  cancel(): void;
}

/** Feeds what the handler writes to the sdk's SSE guard, which writes what may reach the client. */
export function createEventStreamSink(input: EventStreamSinkInput): EventStreamSink {
  let blockedBy: GuardResult | undefined;
  let cancelled = false;
  let finished = false;
  let endCallback: (() => void) | undefined;

  const driver = guardSseStream({
    guardrails: input.guardrails,
    shape: input.shape,
    mode: input.mode,
    context: input.context,
    write: (text) => {
      input.original.write(text);
    },
    end: () => {
      finished = true;
      input.original.end(undefined, endCallback);
    },
    abortUpstream: () => {
      if (cancelled) return;
      // Called just before the guard ends the response; tell the handler once that is done.
      queueMicrotask(() => input.onBlocked(blockedBy));
    },
    onResult: (result) => {
      if (result.decision.action === "block") blockedBy = result;
    },
  });

  return {
    push: (chunk) => driver.push(chunk),
    end: (callback) => {
      if (finished) {
        if (callback) process.nextTick(callback);
        return;
      }
      endCallback = callback;
      driver.end();
    },
    cancel: () => {
      cancelled = true;
      driver.cancel();
    },
  };
}
