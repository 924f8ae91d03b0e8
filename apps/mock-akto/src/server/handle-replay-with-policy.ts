import { evaluatePayload } from "../engine/evaluate-payload";
import type { CompiledPolicy } from "../policies/compile-policy";
import { filterByContextSource } from "../policies/filter-by-context-source";
import { bindEnvelope } from "../protocol/bind-envelope";
import type { Verdict } from "../types";
import { isPlainObject, parseJsonSafely } from "../util/parse-json-safely";
import { invalidRequestReply, jsonReply } from "./http-reply";
import { findKey, readPolicyArgument } from "./read-policy-argument";
import type { RouteContext, RouteHandler } from "./route-context";

const maxItems = 25;

function isDetected(verdict: Verdict): boolean {
  return verdict.behaviour !== "";
}

function evaluate(context: RouteContext, policy: CompiledPolicy | null, payload: string, contextSource: string): Verdict | null {
  if (policy === null) return null;
  return evaluatePayload({
    payload,
    policies: filterByContextSource([policy], contextSource),
    host: "",
    path: "",
    checkBlockedHosts: false,
    applyIgnorePhrases: true,
    placeholder: context.state.options.redactionPlaceholder,
    alertAllowed: context.state.options.alertAllowed,
  });
}

/** `POST /api/validate/replayWithPolicy`: re-judges stored envelopes with a candidate policy. Never reports threats. */
export const handleReplayWithPolicy: RouteHandler = (context) => {
  const parsed = parseJsonSafely(context.body);
  if (!parsed.success || !isPlainObject(parsed.value)) return invalidRequestReply;
  const policy = readPolicyArgument(findKey(parsed.value, "policy"));
  const baselineValue = findKey(parsed.value, "baselinePolicy");
  const baseline = baselineValue === undefined || baselineValue === null ? null : readPolicyArgument(baselineValue);
  const contextSourceValue = findKey(parsed.value, "contextSource") ?? "";
  const items = findKey(parsed.value, "items");
  if (policy === null || typeof contextSourceValue !== "string" || !Array.isArray(items) || items.length === 0) {
    return invalidRequestReply;
  }
  if (items.length > maxItems) return jsonReply(400, { error: `at most ${maxItems} items per request` });
  if (!items.every((item) => isPlainObject(item) && typeof item["id"] === "string" && typeof item["envelope"] === "string")) {
    return invalidRequestReply;
  }

  const verdicts = (items as Array<{ id: string; envelope: string }>).map((item) => {
    const envelopeJson = parseJsonSafely(item.envelope);
    const bound = envelopeJson.success ? bindEnvelope(envelopeJson.value) : null;
    if (bound === null || !bound.success) return { id: item.id, detected: false, baselineDetected: false, skipReason: "bad_envelope" };
    const envelope = bound.value;
    const sides = [
      { side: "request", payload: envelope.requestPayload },
      { side: "response", payload: envelope.responsePayload },
    ].filter((entry) => entry.payload !== "");
    if (sides.length === 0) return { id: item.id, detected: false, baselineDetected: false, skipReason: "no_payload" };
    let answer: Record<string, unknown> = { id: item.id, detected: false, baselineDetected: false };
    for (const { side, payload } of sides) {
      const verdict = evaluate(context, policy, payload, contextSourceValue);
      const baselineVerdict = evaluate(context, baseline, payload, contextSourceValue);
      const baselineDetected = baselineVerdict !== null && isDetected(baselineVerdict);
      if (verdict !== null && isDetected(verdict)) {
        answer = { id: item.id, detected: true, baselineDetected, behaviour: verdict.behaviour, reason: verdict.reason, side };
        break;
      }
      if (baselineDetected) answer["baselineDetected"] = true;
    }
    return answer;
  });
  return jsonReply(200, { verdicts });
};
