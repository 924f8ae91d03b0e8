import { apiDialectForShape, type ApiShape, buildBlockedResponse, combinedDecisionHeaders, dominantResult, type GuardResult, safeParseJson, streamFormatForShape } from "@akto-guardrails/core";
import type { Upstream } from "../upstream/create-upstreams";
import { joinUpstreamPath } from "../upstream/join-upstream-path";
import { buildUpstreamRequestHeaders } from "../upstream/upstream-request-headers";
import type { Exchange } from "./exchange";
import { buildGuardContext } from "./guard-context";
import { relayJsonOutput } from "./json-output";
import type { ProxyRuntime } from "./proxy-runtime";
import { readBody } from "./read-body";
import { relayResponse } from "./relay-response";
import type { RequestTarget } from "./request-target";
import { sendApiError, sendJson } from "./send-response";
import { sendUpstream } from "./send-upstream";
import { serializeJson } from "./serialize-json";
import { relayStreamOutput } from "./stream-output";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function headerText(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : value?.[0];
}

/** `application/json`, `application/json; charset=utf-8`, `application/vnd.x+json`. */
function isJsonContentType(value: string): boolean {
  const mediaType = value.split(";")[0]!.trim().toLowerCase();
  return mediaType === "application/json" || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
}

function isEventStream(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase().includes("text/event-stream");
}

function isJsonAnswer(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase().includes("json");
}

/**
 * One guarded LLM call: read and check the JSON body, scan it with Akto (block → 403/503 without calling
 * the upstream; sanitize → forward the sanitized body; allow → forward the original bytes), then relay
 * the answer, scanning it per the output mode.
 */
export async function handleGuardedRoute(runtime: ProxyRuntime, exchange: Exchange, target: RequestTarget, shape: ApiShape, upstream: Upstream): Promise<void> {
  const { request, response } = exchange;
  const dialect = apiDialectForShape(shape);
  const reject = (status: number, message: string, code: string) => {
    exchange.action = "rejected";
    sendApiError(response, dialect, status, message, { code });
  };

  const contentType = headerText(request.headers["content-type"]);
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    reject(415, `Unsupported content type "${contentType.slice(0, 100)}": this route takes application/json`, "unsupported_media_type");
    return;
  }
  const contentEncoding = headerText(request.headers["content-encoding"])?.trim().toLowerCase();
  if (contentEncoding && contentEncoding !== "identity") {
    reject(415, `Unsupported content encoding "${contentEncoding.slice(0, 100)}": send the JSON body uncompressed`, "unsupported_content_encoding");
    return;
  }

  const read = await readBody(request, runtime.config.server.bodyLimitBytes);
  if (!read.ok) {
    if (read.reason === "too_large") {
      // Discard the rest of the body instead of cutting the connection: a client still sending it (fetch,
      // node:http) would otherwise see EPIPE, not the 413. Nothing is buffered; server.requestTimeoutMs bounds it.
      request.resume();
      reject(413, `Request body exceeds the limit of ${runtime.config.server.bodyLimitBytes} bytes`, "request_too_large");
    }
    return;
  }
  let text: string;
  try {
    text = strictUtf8.decode(read.body);
  } catch {
    reject(400, "The request body is not valid UTF-8", "invalid_json");
    return;
  }
  const parsed = safeParseJson(text);
  if (!parsed.success) {
    reject(400, "The request body is not valid JSON", "invalid_json");
    return;
  }
  if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
    reject(400, "The request body must be a JSON object", "invalid_json");
    return;
  }

  const context = buildGuardContext(exchange, target, upstream);
  const inputResult = await runtime.guardrails.checkRequest(parsed.value, { ...context, shape, signal: exchange.abort, rawBody: text });
  exchange.guardLatencyMs += inputResult.latencyMs;
  exchange.action = inputResult.decision.outcome;
  if (exchange.abort.aborted) return;
  if (inputResult.decision.action === "block") {
    const blocked = buildBlockedResponse(shape, inputResult.decision);
    sendJson(response, blocked.status, blocked.body, combinedDecisionHeaders([inputResult]));
    return;
  }

  // Forward the original bytes unless the body was sanitized (no re-serialization on the fast path).
  const forwardBytes = inputResult.changed ? serializeJson(inputResult.body) : read.body;
  if (forwardBytes === undefined) {
    // The redaction must not be skipped, and a body this deep cannot be re-serialized: refuse it.
    reject(400, "The request body is nested too deeply to forward a sanitized copy", "request_too_deeply_nested");
    return;
  }
  const outputMode = runtime.config.guardrails.output.mode;
  const scansOutput = outputMode !== "off" && shape !== "openai.embeddings";
  const inputHeaders = combinedDecisionHeaders([inputResult]);
  const answer = await sendUpstream(runtime, exchange, {
    upstream,
    path: joinUpstreamPath(upstream.basePath, target.path),
    headers: buildUpstreamRequestHeaders(request.headers, {
      host: upstream.host,
      requestId: exchange.requestId,
      contentLength: forwardBytes.length,
      identityEncoding: scansOutput,
    }),
    body: forwardBytes,
    dialect,
    errorHeaders: inputHeaders,
  });
  if (!answer) return;

  const answerType = headerText(answer.headers["content-type"]);
  const success = answer.statusCode >= 200 && answer.statusCode < 300;
  if (!scansOutput || !success) {
    // Upstream errors pass through as they are; there is no model output to scan.
    await relayResponse(exchange, answer, inputHeaders);
    return;
  }
  const results: GuardResult[] = [inputResult];
  if (isEventStream(answerType) && streamFormatForShape(shape)) {
    results.push(...(await relayStreamOutput(runtime, exchange, answer, shape, context, inputHeaders)));
  } else if (isJsonAnswer(answerType)) {
    const outputResult = await relayJsonOutput(runtime, exchange, { answer, shape, context, inputResult, forwardedRequest: inputResult.body });
    if (outputResult) results.push(outputResult);
  } else {
    await relayResponse(exchange, answer, inputHeaders);
  }
  for (const result of results.slice(1)) exchange.guardLatencyMs += result.latencyMs;
  // An audit scan only records what happened; the traffic went out as the input decision said.
  if (outputMode !== "audit") exchange.action = dominantResult(results)?.decision.outcome ?? exchange.action;
}
