import { bindEnvelope } from "../protocol/bind-envelope";
import type { Verdict } from "../types";
import { parseJsonSafely } from "../util/parse-json-safely";
import { jsonReply, type HttpReply } from "./http-reply";
import type { RouteHandler } from "./route-context";
import { renderVerdict, validateSide } from "./validate-side";

export const proxySuccessMessage = "Request processed successfully";

/** The DIS Struts envelope around a guardrails result. */
export function wrapProxyResult(guardrailsResult: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = { success: true, message: proxySuccessMessage };
  if (guardrailsResult !== undefined) data["guardrailsResult"] = guardrailsResult;
  return { success: true, message: proxySuccessMessage, data };
}

function proxyError(message: string, error: string): HttpReply {
  return jsonReply(422, { success: false, message, data: { success: false, message, error } });
}

// Java Boolean.parseBoolean: only "true", in any case.
function flag(query: URLSearchParams, name: string): boolean {
  return query.get(name)?.toLowerCase() === "true";
}

/** `GET|POST /api/http-proxy?guardrails=&response_guardrails=&ingest_data=` (DIS). */
export const handleHttpProxy: RouteHandler = (context) => {
  const query = new URLSearchParams(context.query);
  const text = context.body.trim() === "" ? "{}" : context.body;
  const parsed = parseJsonSafely(text);
  if (!parsed.success) return proxyError(`Unexpected error: ${parsed.error}`, parsed.error);
  const bound = bindEnvelope(parsed.value);
  if (!bound.success) return proxyError(`Unexpected error: ${bound.error}`, bound.error);
  const envelope = bound.value;
  if (envelope.requestPayload === "") {
    return proxyError("Missing required field: requestPayload", "requestPayload is required");
  }

  const { state } = context;
  if (flag(query, "ingest_data")) {
    state.recorder.events.push({ source: "posted", kind: "http_proxy_ingest", route: "/api/http-proxy", body: parsed.value });
  }

  const validate = (direction: "request" | "response"): { verdict: Verdict; payload: string } => {
    const payload =
      direction === "request"
        ? envelope.requestPayload
        : envelope.responsePayload !== ""
          ? envelope.responsePayload
          : envelope.payload;
    const verdict = validateSide({
      context,
      route: "/api/http-proxy",
      direction,
      envelope,
      rawEnvelope: context.body,
      payload,
      emptyReason: direction === "request" ? "No request body provided" : "No response body provided",
      contextSource: envelope.contextSource,
      applyIgnorePhrases: true,
      useSessions: true,
    });
    return { verdict, payload };
  };

  const requestSide = flag(query, "guardrails") ? validate("request") : null;
  const responseSide = flag(query, "response_guardrails") ? validate("response") : null;

  let guardrailsResult: Record<string, unknown> | undefined;
  if (requestSide !== null && responseSide !== null) {
    const requestResult = renderVerdict(state, requestSide.verdict, requestSide.payload);
    const responseResult = renderVerdict(state, responseSide.verdict, responseSide.payload);
    // Gateway.java: a copy of the request result, Allowed ANDed, both results attached.
    const allowed = requestSide.verdict.allowed && responseSide.verdict.allowed;
    guardrailsResult = { ...requestResult };
    if ("Allowed" in guardrailsResult) guardrailsResult["Allowed"] = allowed;
    if ("allowed" in guardrailsResult) guardrailsResult["allowed"] = allowed;
    guardrailsResult["requestResult"] = requestResult;
    guardrailsResult["responseResult"] = responseResult;
  } else if (requestSide !== null) {
    guardrailsResult = renderVerdict(state, requestSide.verdict, requestSide.payload);
  } else if (responseSide !== null) {
    guardrailsResult = renderVerdict(state, responseSide.verdict, responseSide.payload);
  }
  return jsonReply(200, wrapProxyResult(guardrailsResult));
};
