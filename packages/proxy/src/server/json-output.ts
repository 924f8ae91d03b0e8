import { apiDialectForShape, type ApiShape, buildBlockedResponse, combinedDecisionHeaders, type GuardContext, type GuardResult, safeParseJson } from "@akto-guardrails/core";
import type { Dispatcher } from "undici";
import { buildClientResponseHeaders } from "../upstream/client-response-headers";
import { readUpstreamBody } from "../upstream/read-upstream-body";
import type { Exchange } from "./exchange";
import type { ProxyRuntime } from "./proxy-runtime";
import { sendApiError, sendJson } from "./send-response";
import { serializeJson } from "./serialize-json";

export interface JsonOutputInput {
  readonly answer: Dispatcher.ResponseData;
  readonly shape: ApiShape;
  readonly context: GuardContext;
  /** The input-stage result (its decision and latency join the response headers). */
  readonly inputResult: GuardResult;
  /** The request body as it was forwarded (sanitized or original), sent to Akto as context. */
  readonly forwardedRequest: unknown;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : value?.[0];
}

/**
 * Guards a non-streaming JSON answer: reads it whole (size-capped), scans it, then forwards it as is,
 * sanitized, or replaced by the blocked answer. In `audit` mode it is forwarded first and scanned
 * afterwards (the result is only recorded). Resolves with the output result, if a scan ran.
 */
export async function relayJsonOutput(runtime: ProxyRuntime, exchange: Exchange, input: JsonOutputInput): Promise<GuardResult | undefined> {
  const { response } = exchange;
  const { answer, shape } = input;
  const dialect = apiDialectForShape(shape);
  const read = await readUpstreamBody(answer.body, headerText(answer.headers["content-encoding"]), runtime.config.upstream.maxResponseBytes).catch(() => undefined);
  if (read === undefined) {
    if (!exchange.abort.aborted) {
      exchange.action = "upstream_error";
      sendApiError(response, dialect, 502, "The upstream LLM provider broke off its response", { code: "upstream_unavailable" });
    }
    return undefined;
  }
  if (!read.ok) {
    exchange.action = "upstream_error";
    const message =
      read.reason === "too_large"
        ? "The upstream response is too large to scan"
        : "The upstream response uses a content encoding that cannot be scanned";
    sendApiError(response, dialect, 502, message, { code: "upstream_response_unscannable" });
    return undefined;
  }
  const baseHeaders = buildClientResponseHeaders(answer.headers, { bodyReplaced: true });
  const send = (bytes: Buffer, results: ReadonlyArray<GuardResult>) => {
    if (response.destroyed) return;
    response.writeHead(answer.statusCode, { ...baseHeaders, ...combinedDecisionHeaders(results), "content-length": String(bytes.length) });
    response.end(bytes);
  };

  const text = read.bytes.toString("utf8");
  const parsed = safeParseJson(text);
  if (!parsed.success) {
    // Not JSON despite the content type: nothing to extract, so it goes out as received.
    runtime.logger.warn({ requestId: exchange.requestId }, "upstream answered unparsable JSON; forwarded without an output scan");
    send(read.bytes, [input.inputResult]);
    return undefined;
  }
  // Akto gets the answer's own text (no re-serialization, which also fails for JSON nested too deeply).
  const checkContext = { ...input.context, shape, request: input.forwardedRequest, statusCode: answer.statusCode, rawBody: text };

  if (runtime.config.guardrails.output.mode === "audit") {
    send(read.bytes, [input.inputResult]);
    return runtime.guardrails.checkResponse(parsed.value, checkContext);
  }

  const checked = await runtime.guardrails.checkResponse(parsed.value, { ...checkContext, signal: exchange.abort });
  if (exchange.abort.aborted) return checked;
  const results = [input.inputResult, checked];
  if (checked.decision.action === "block") {
    const blocked = buildBlockedResponse(shape, checked.decision);
    sendJson(response, blocked.status, blocked.body, combinedDecisionHeaders(results));
    return checked;
  }
  const bytes = checked.changed ? serializeJson(checked.body) : read.bytes;
  if (bytes === undefined) {
    // Never forward the unsanitized answer; one this deep cannot be re-serialized.
    exchange.action = "upstream_error";
    sendApiError(response, dialect, 502, "The upstream response is nested too deeply to forward a sanitized copy", { code: "upstream_response_unscannable" });
    return checked;
  }
  send(bytes, results);
  return checked;
}
