import {
  combinedDecisionHeaders,
  safeParseJson,
  safeStringifyJson,
  streamFormatForShape,
  type ApiShape,
  type DetectedShape,
  type GuardContext,
  type GuardResult,
} from "@akto-guardrails/core";
import type { Guardrails, StreamGuardMode } from "@akto-guardrails/sdk";
import type { Request, Response } from "express";
import { isEventStream, parseContentType } from "../body/content-type";
import type { Extractor } from "../extract/create-extractor";
import type { StreamShape } from "../options/akto-guardrails-options";
import { createEventStreamSink, type EventStreamSink } from "./create-event-stream-sink";
import { interceptResponse, type InterceptMode } from "./intercept-response";
import { sendApiError } from "../respond/send-json";
import { scanJsonOutput } from "./scan-json-output";

export interface OutputGuardInput {
  readonly guardrails: Guardrails;
  readonly request: Request;
  readonly response: Response;
  readonly shape: DetectedShape;
  readonly custom: boolean;
  /** The (possibly sanitized) request body the handler received. */
  readonly forwardedRequest: unknown;
  /** The input stage's result, when the request was scanned: the headers report the dominant outcome of both stages. */
  readonly inputResult?: GuardResult;
  readonly context: GuardContext;
  readonly signal: AbortSignal;
  readonly responseExtractor?: Extractor;
  readonly streamShape?: StreamShape;
  readonly isClientGone: () => boolean;
  /** Answers a blocked JSON response (default error or `onBlock`); the interception is already undone. */
  readonly respondBlocked: (result: GuardResult, decision: GuardResult["decision"]) => Promise<void>;
  /** A stream was cut by a block. */
  readonly onStreamBlocked: (blockedBy: GuardResult | undefined) => void;
  /** Answers when the output guard itself failed (never sends the unscanned body). */
  readonly respondFailure: (error: unknown) => void;
  /** Logs a response that could not be scanned, once per route. */
  readonly warnUnscanned: (reason: string) => void;
}

export interface OutputGuard {
  /** The client went away. */
  cancel(): void;
}

function streamModeOf(mode: string): StreamGuardMode {
  return mode === "audit" ? "audit" : mode === "buffer" ? "buffer" : "window";
}

/**
 * Guards what the handler sends back: a 2xx JSON body is held and scanned whole (then sent as is,
 * sanitized, or replaced by the blocked response); a 2xx `text/event-stream` goes through the sdk's
 * SSE guard in the configured mode; anything else passes untouched.
 */
export function installOutputGuard(input: OutputGuardInput): OutputGuard {
  const { guardrails, response } = input;
  let sink: EventStreamSink | undefined;

  const streamShape = (): ApiShape | undefined => {
    if (input.custom || input.shape === "unknown") return input.streamShape;
    return streamFormatForShape(input.shape) ? input.shape : undefined;
  };

  const finishJson = async (bytes: Buffer, callback: (() => void) | undefined): Promise<void> => {
    const text = bytes.toString("utf8");
    const parsed = safeParseJson(text);
    if (!parsed.success) {
      input.warnUnscanned("the JSON response could not be parsed");
      interception.original.end(bytes, callback);
      return;
    }
    const scan = await scanJsonOutput({
      guardrails,
      request: input.request,
      body: parsed.value,
      shape: input.shape,
      forwardedRequest: input.forwardedRequest,
      context: { ...input.context, statusCode: response.statusCode },
      signal: input.signal,
      rawBody: text,
      ...(input.responseExtractor ? { extractor: input.responseExtractor } : {}),
    });
    if (input.isClientGone()) return;
    if (scan.decision.action === "block") {
      interception.restore();
      await input.respondBlocked(scan.result, scan.decision);
      return;
    }
    const stages = input.inputResult ? [input.inputResult, scan.result] : [scan.result];
    for (const [name, value] of Object.entries(combinedDecisionHeaders(stages))) response.setHeader(name, value);
    if (!scan.changed) {
      interception.original.end(bytes, callback);
      return;
    }
    const sanitized = safeStringifyJson(scan.body);
    if (sanitized === undefined) {
      // Never send the unsanitized original: withhold the answer.
      interception.restore();
      sendApiError(response, input.shape, 502, "The sanitized response could not be serialised (it is nested too deeply) and was withheld");
      return;
    }
    if (!response.hasHeader("transfer-encoding")) response.setHeader("content-length", Buffer.byteLength(sanitized));
    response.removeHeader("etag");
    interception.original.end(sanitized, callback);
  };

  const choose = (): InterceptMode => {
    const status = response.statusCode;
    if (status < 200 || status >= 300) return { kind: "pass" };
    const contentType = parseContentType(response.getHeader("content-type"));
    const encoding = String(response.getHeader("content-encoding") ?? "identity").toLowerCase();
    if (encoding !== "identity") {
      input.warnUnscanned(`the response is ${encoding}-encoded`);
      return { kind: "pass" };
    }
    if (isEventStream(contentType?.mediaType)) {
      const shape = streamShape();
      if (!shape) {
        input.warnUnscanned("the stream format of this route is unknown (set extract.stream)");
        return { kind: "pass" };
      }
      sink = createEventStreamSink({
        guardrails,
        shape,
        mode: streamModeOf(guardrails.options.output.mode),
        context: { ...input.context, statusCode: status },
        original: interception.original,
        onBlocked: input.onStreamBlocked,
      });
      return { kind: "stream", sink };
    }
    if (contentType?.mediaType.includes("json")) {
      return {
        kind: "buffer",
        done: (bytes, callback) => {
          finishJson(bytes, callback).catch((error: unknown) => {
            interception.restore();
            input.respondFailure(error);
          });
        },
      };
    }
    return { kind: "pass" };
  };

  const interception = interceptResponse(response, choose);
  return {
    cancel: () => sink?.cancel(),
  };
}
