import { backpressureReason } from "../engine/create-verdict";
import { parseJsonSafely } from "../util/parse-json-safely";
import { emptyReply, jsonReply, textReply } from "./http-reply";
import type { RouteHandler } from "./route-context";

/** `GET /health` and `POST /api/health`. */
export const handleHealth: RouteHandler = () => jsonReply(200, { success: true, status: "healthy" });

/** `GET /backpressure`: the breaker snapshot; it reads as tripped while a backpressure fault is active. */
export const handleBackpressure: RouteHandler = ({ state }) => {
  const samples = state.latencySamples;
  const average = samples.length === 0 ? 0 : samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
  const tripped = state.faults.list().some((fault) => fault.kind === "backpressure" && fault.remaining !== 0);
  return jsonReply(200, {
    reason: tripped ? backpressureReason : "",
    enabled: true,
    tripped,
    recent_sample_count: samples.length,
    recent_avg_latency_ms: Math.round(average * 1000) / 1000,
    threshold_ms: 8000,
    min_samples: 5,
    ttl_seconds: 30,
    inflight_in_use: state.inflight,
    inflight_rejected_total: 0,
  });
};

/** `POST /api/validate/file`: GS HEAD with FILE_VALIDATION_ENABLED unset answers `{"allowed":true}`. */
export const handleFileValidation: RouteHandler = () => jsonReply(200, { allowed: true });

/** `POST /api/threat_detection/record_malicious_event` (TBS): records the posted event, 202 empty. */
export const handleThreatEvent: RouteHandler = ({ state, body }) => {
  const parsed = parseJsonSafely(body);
  if (!parsed.success) return textReply(400, "Invalid request");
  state.recorder.events.push({
    source: "posted",
    kind: "malicious_event",
    route: "/api/threat_detection/record_malicious_event",
    body: parsed.value,
  });
  return emptyReply(202);
};
