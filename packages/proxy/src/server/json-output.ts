import { apiDialectForShape, buildBlockedResponse, safeParseJson, type ApiShape, type GuardContext, type GuardResult } from "@akto-guardrails/core";
import type { Dispatcher } from "undici";
import { buildClientResponseHeaders } from "../upstream/client-response-headers";
import { readUpstreamBody } from "../upstream/read-upstream-body";
import type { Exchange } from "./exchange";
import { guardHeaders } from "./guard-headers";
import type { ProxyRuntime } from "./proxy-runtime";
import { sendApiError, sendJson } from "./send-response";

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
    response.writeHead(answer.statusCode, { ...baseHeaders, ...guardHeaders(results), "content-length": String(bytes.length) });
    response.end(bytes);
  };

  const parsed = safeParseJson(read.bytes.toString("utf8"));
  if (!parsed.success) {
    // Not JSON despite the content type: nothing to extract, so it goes out as received.
    runtime.logger.warn({ requestId: exchange.requestId }, "upstream answered unparsable JSON; forwarded without an output scan");
    send(read.bytes, [input.inputResult]);
    return undefined;
  }
  const checkContext = { ...input.context, shape, request: input.forwardedRequest, statusCode: answer.statusCode };

  if (runtime.config.guardrails.output.mode === "audit") {
    send(read.bytes, [input.inputResult]);
    return runtime.guardrails.checkResponse(parsed.value, checkContext);
  }

  const checked = await runtime.guardrails.checkResponse(parsed.value, { ...checkContext, signal: exchange.abort });
  if (exchange.abort.aborted) return checked;
  const results = [input.inputResult, checked];
  if (checked.decision.action === "block") {
    const blocked = buildBlockedResponse(shape, checked.decision);
    sendJson(response, blocked.status, blocked.body, guardHeaders(results));
    return checked;
  }
  send(checked.changed ? Buffer.from(JSON.stringify(checked.body), "utf8") : read.bytes, results);
  return checked;
}
