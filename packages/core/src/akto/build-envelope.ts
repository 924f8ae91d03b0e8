import type { Stage } from "../shapes/types";
import { VERSION } from "../version";
import type { ResolvedGuardrailsOptions } from "../options/guardrails-options";
import type { AktoRequest } from "../pipeline/environment";
import { stripCredentialHeaders, type HeaderInput } from "./credential-headers";

/** What the adapter knows about the LLM call being guarded. */
export interface GuardContext {
  /** Route path of the LLM call, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** HTTP method; default `POST`. */
  readonly method?: string;
  /** Client request headers. Credential headers are removed before anything leaves. */
  readonly headers?: HeaderInput;
  /** Client IP address. */
  readonly ip?: string;
  /** Conversation or session id; Akto correlates session detectors with it. */
  readonly sessionId?: string;
  readonly requestId?: string;
  /** Upstream HTTP status, for output scans. */
  readonly statusCode?: number;
}

export interface EnvelopeInput {
  readonly stage: Stage;
  /**
   * `toAktoPayload(request)`: the request being scanned (input stage), or the request that produced
   * the response (output stage, optional context).
   */
  readonly requestPayload?: string;
  /** `toAktoPayload(response)`: the response being scanned (output stage). */
  readonly responsePayload?: string;
  readonly context: GuardContext;
  /** Clock ms, for Akto's `time` field. */
  readonly now: number;
}

/**
 * Serialises a payload the way every Akto client does: a JSON string of `{"body": <json>}`.
 * Akto answers a redaction with the same wrapper, redacted in place.
 */
export function toAktoPayload(body: unknown): string {
  return JSON.stringify({ body });
}

const TAG = JSON.stringify({ "gen-ai": "Gen AI" });
// Constant per stage: built once instead of on every call.
const METADATA = {
  input: JSON.stringify({ integration: "akto-guardrails", version: VERSION, stage: "input" }),
  output: JSON.stringify({ integration: "akto-guardrails", version: VERSION, stage: "output" }),
} as const;

/**
 * Builds the flat ValidateRequestParams envelope (every field a JSON string except
 * `skipThreat`) for `/api/validate/request`, `/api/validate/response` and `/api/http-proxy`.
 */
export function buildEnvelope(input: EnvelopeInput, options: ResolvedGuardrailsOptions): Record<string, string | boolean> {
  const { context, stage } = input;
  const headers = stripCredentialHeaders(context.headers);
  if (context.sessionId && !headers["x-session-id"]) headers["x-session-id"] = context.sessionId;
  if (context.requestId && !headers["x-request-id"]) headers["x-request-id"] = context.requestId;

  const envelope: Record<string, string | boolean> = {
    path: context.path,
    method: (context.method ?? "POST").toUpperCase(),
    requestHeaders: JSON.stringify(headers),
    ip: context.ip ?? "",
    time: String(Math.floor(input.now / 1000)),
    type: "HTTP/1.1",
    tag: TAG,
    metadata: METADATA[stage],
    skipThreat: options.akto.skipThreat,
  };
  if (input.requestPayload !== undefined) envelope["requestPayload"] = input.requestPayload;
  if (stage === "output") {
    envelope["responsePayload"] = input.responsePayload ?? toAktoPayload(null);
    envelope["statusCode"] = String(context.statusCode ?? 200);
    envelope["status"] = String(context.statusCode ?? 200);
    envelope["responseHeaders"] = "{}";
  }
  if (options.akto.contextSource) envelope["contextSource"] = options.akto.contextSource;
  return envelope;
}

/** The Akto request (path, body, headers) for one scan, for the configured endpoint. */
export function buildAktoRequest(input: EnvelopeInput, options: ResolvedGuardrailsOptions): AktoRequest {
  const envelope = buildEnvelope(input, options);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (input.context.sessionId) headers["x-session-id"] = input.context.sessionId;
  if (input.context.requestId) headers["x-request-id"] = input.context.requestId;

  let path: string;
  if (options.akto.endpoint === "http-proxy") {
    // http-proxy requires requestPayload even for response-only checks.
    if (envelope["requestPayload"] === undefined) envelope["requestPayload"] = toAktoPayload({});
    path = input.stage === "input" ? "/api/http-proxy?guardrails=true" : "/api/http-proxy?response_guardrails=true";
  } else {
    path = input.stage === "input" ? "/api/validate/request" : "/api/validate/response";
  }
  return { stage: input.stage, path, body: JSON.stringify(envelope), headers };
}
