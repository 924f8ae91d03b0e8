import { bindEnvelope } from "../protocol/bind-envelope";
import { parseJsonSafely } from "../util/parse-json-safely";
import { invalidRequestReply, jsonReply } from "./http-reply";
import type { RouteHandler } from "./route-context";
import { renderVerdict, validateSide } from "./validate-side";

/** `POST /api/validate/request` and `POST /api/validate/response`. */
export function createValidateHandler(direction: "request" | "response"): RouteHandler {
  const route = direction === "request" ? "/api/validate/request" : "/api/validate/response";
  const emptyReason = direction === "request" ? "No request body provided" : "No response body provided";
  return (context) => {
    const parsed = parseJsonSafely(context.body);
    if (!parsed.success) return invalidRequestReply;
    const bound = bindEnvelope(parsed.value);
    if (!bound.success) return invalidRequestReply;
    const envelope = bound.value;
    // On the response route `responsePayload` wins over the legacy `payload`.
    const payload =
      direction === "request"
        ? envelope.requestPayload
        : envelope.responsePayload !== ""
          ? envelope.responsePayload
          : envelope.payload;
    const verdict = validateSide({
      context,
      route,
      direction,
      envelope,
      rawEnvelope: context.body,
      payload,
      emptyReason,
      contextSource: envelope.contextSource,
      applyIgnorePhrases: true,
      useSessions: true,
    });
    return jsonReply(200, renderVerdict(context.state, verdict, payload));
  };
}
