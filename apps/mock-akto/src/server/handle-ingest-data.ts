import { bindBatch } from "../protocol/bind-batch";
import { resolveBatchContextSource } from "../protocol/resolve-batch-context-source";
import type { Verdict } from "../types";
import { isPlainObject, parseJsonSafely } from "../util/parse-json-safely";
import { jsonReply, type HttpReply } from "./http-reply";
import type { RouteHandler } from "./route-context";
import { validateSide } from "./validate-side";

function batchError(message: string): HttpReply {
  return jsonReply(400, { success: false, result: "ERROR", errors: [`Invalid request format: ${message}`] });
}

function rawItemsOf(value: unknown): unknown[] {
  if (!isPlainObject(value)) return [];
  for (const key of Object.keys(value)) {
    const items = value[key];
    if (key.toLowerCase() === "batchdata" && Array.isArray(items)) return items;
  }
  return [];
}

/** Copies a side's verdict into the result item, with Go's omitempty for the optional fields. */
function addSide(result: Record<string, unknown>, side: "request" | "response", verdict: Verdict): void {
  result[`${side}Allowed`] = verdict.allowed;
  result[`${side}Modified`] = verdict.modified;
  if (verdict.behaviour !== "") result[`${side}Behaviour`] = verdict.behaviour;
  if (verdict.modifiedPayload !== "") result[`${side}ModifiedPayload`] = verdict.modifiedPayload;
  if (verdict.reason !== "") result[`${side}Reason`] = verdict.reason;
}

/**
 * `POST /api/ingestData`: the mini-runtime batch. A side is validated only when its payload is
 * non-empty, and an unvalidated side reports `Allowed:false` (Go zero value). No ignore phrases,
 * no sessions.
 */
export const handleIngestData: RouteHandler = (context) => {
  if (context.body.trim() === "") return batchError("EOF");
  const parsed = parseJsonSafely(context.body);
  if (!parsed.success) return batchError(parsed.error);
  const bound = bindBatch(parsed.value);
  if (!bound.success) return batchError(bound.error);
  const batch = bound.value;
  const rawItems = rawItemsOf(parsed.value);
  context.state.recorder.events.push({ source: "posted", kind: "ingest_data", route: "/api/ingestData", body: parsed.value });

  const results = batch.batchData.map((item, index) => {
    const envelope = { ...item, skipThreat: batch.skipThreat, contextSource: resolveBatchContextSource(item, batch.contextSource) };
    const rawEnvelope = JSON.stringify(rawItems[index] ?? null);
    const result: Record<string, unknown> = {
      index,
      method: item.method,
      path: item.path,
      requestAllowed: false,
      requestModified: false,
      responseAllowed: false,
      responseModified: false,
    };
    for (const side of ["request", "response"] as const) {
      const payload = side === "request" ? item.requestPayload : item.responsePayload;
      if (payload === "") continue;
      const verdict = validateSide({
        context,
        route: "/api/ingestData",
        direction: side,
        envelope,
        rawEnvelope,
        payload,
        emptyReason: "",
        contextSource: envelope.contextSource,
        applyIgnorePhrases: false,
        useSessions: false,
      });
      addSide(result, side, verdict);
    }
    return result;
  });
  return jsonReply(200, { success: true, result: "SUCCESS", results });
};
