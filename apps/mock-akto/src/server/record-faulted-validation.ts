import { validationRoutes } from "../faults/create-fault-plan";
import { bindEnvelope } from "../protocol/bind-envelope";
import type { FaultState, ValidationRoute } from "../types";
import { parseJsonSafely } from "../util/parse-json-safely";
import type { RouteContext } from "./route-context";

/** Records a validation call whose answer a fault replaced (no verdict was computed). */
export function recordFaultedValidation(context: RouteContext, fault: FaultState): void {
  if (!validationRoutes.has(context.path)) return;
  const parsed = parseJsonSafely(context.body);
  const bound = parsed.success ? bindEnvelope(parsed.value) : null;
  const envelope = bound?.success === true ? bound.value : null;
  const direction = context.path === "/api/validate/response" ? "response" : "request";
  let payload = "";
  if (envelope !== null) {
    payload =
      direction === "response"
        ? envelope.responsePayload !== ""
          ? envelope.responsePayload
          : envelope.payload
        : context.path === "/api/validate/requestWithPolicy"
          ? envelope.payload
          : envelope.requestPayload;
  }
  context.state.recorder.validations.push({
    route: context.path as ValidationRoute,
    direction,
    envelopeBytes: context.bodyBytes,
    payload,
    contextSource: envelope?.contextSource ?? "",
    sessionId: "",
    requestId: "",
    skipThreat: envelope?.skipThreat ?? false,
    verdict: null,
    action: null,
    latencyMs: performance.now() - context.startedAt,
    fault: fault.kind,
  });
}
