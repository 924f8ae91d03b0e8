import type { CompiledDetector } from "../detectors/detector-types";
import type { CompiledPolicy } from "../policies/compile-policy";
import type { PolicyBehaviour, Verdict } from "../types";
import { applyMasks, type MaskSpan } from "./apply-masks";
import { createAllowVerdict } from "./create-verdict";
import { parsePayloadDocument } from "./parse-payload-document";
import { stripIgnorePhrases } from "./strip-ignore-phrases";

export interface EvaluationRequest {
  /** The validated text (the whole `requestPayload`, e.g. `{"body":{...}}`). */
  payload: string;
  /** Policies already filtered by activity, direction and context source, in order. */
  policies: readonly CompiledPolicy[];
  /** Request Host (from `requestHeaders`) and path, for blocked-host rules; host "" skips them. */
  host: string;
  path: string;
  checkBlockedHosts: boolean;
  applyIgnorePhrases: boolean;
  placeholder: string;
  alertAllowed: boolean;
}

interface BlockHit {
  policy: CompiledPolicy;
  rule: string;
  reason: string;
}

// When several policies block, the strongest behaviour wins; ties go to the first policy.
const behaviourStrength: Record<PolicyBehaviour, number> = { block: 4, approval: 3, warn: 2, alert: 1 };

function blockedHostVerdict(request: EvaluationRequest): Verdict | null {
  if (!request.checkBlockedHosts || request.host === "") return null;
  for (const policy of request.policies) {
    for (const matcher of policy.blockedHosts) {
      if (!matcher.matches(request.host, request.path)) continue;
      // GS-side detector: fills Metadata itself and echoes the payload in ModifiedPayload.
      return {
        allowed: policy.behaviour === "alert" && request.alertAllowed,
        modified: false,
        modifiedPayload: request.payload,
        reason: `Request blocked by guardrail policy (blocked host pattern: ${matcher.pattern})`,
        policyName: policy.name,
        ruleViolated: "BlockedHost",
        severity: "HIGH",
        behaviour: policy.behaviour,
        serviceSide: true,
        action: policy.behaviour,
      };
    }
  }
  return null;
}

function countTokens(texts: readonly string[]): number {
  let characters = 0;
  for (const text of texts) characters += text.length;
  return Math.ceil(characters / 4);
}

function detectorMatches(detector: CompiledDetector, texts: readonly string[]) {
  const spans = texts.map((text) => detector.findSpans(text));
  let count = 0;
  for (const found of spans) count += found.length;
  return { hit: count >= detector.minMatchCount, spans };
}

/** Runs every policy over the payload and decides: block (strongest behaviour), else mask, else allow. */
export function evaluatePayload(request: EvaluationRequest): Verdict {
  const hostVerdict = blockedHostVerdict(request);
  if (hostVerdict !== null) return hostVerdict;

  const document = parsePayloadDocument(request.payload);
  let texts = document.texts;
  let ignoredSomething = false;
  if (request.applyIgnorePhrases) {
    const phrases = request.policies.flatMap((policy) => policy.ignorePhrases);
    if (phrases.length > 0) {
      texts = texts.map((text) => stripIgnorePhrases(text, phrases));
      ignoredSomething = texts.some((text, index) => text !== document.texts[index]);
    }
  }

  let strongest: BlockHit | null = null;
  const masks: MaskSpan[][] = texts.map(() => []);
  const maskRules: Array<{ policy: CompiledPolicy; rule: string }> = [];

  for (const policy of request.policies) {
    const offer = (rule: string, reason: string) => {
      if (strongest === null || behaviourStrength[policy.behaviour] > behaviourStrength[strongest.policy.behaviour]) {
        strongest = { policy, rule, reason };
      }
    };
    if (policy.tokenLimit !== null && countTokens(texts) > policy.tokenLimit) {
      offer("TokenLimit", `Token limit exceeded (threshold ${policy.tokenLimit})`);
    }
    for (const detector of policy.detectors) {
      const { hit, spans } = detectorMatches(detector, texts);
      if (!hit) continue;
      if (detector.behavior === "block") {
        offer(detector.rule, detector.reason);
        continue;
      }
      maskRules.push({ policy, rule: detector.rule });
      spans.forEach((found, index) => {
        for (const span of found) masks[index]?.push({ ...span, style: detector.maskStyle });
      });
    }
  }

  const blocking = strongest as BlockHit | null;
  if (blocking !== null) {
    const { policy } = blocking;
    return {
      allowed: policy.behaviour === "alert" && request.alertAllowed,
      modified: false,
      modifiedPayload: "",
      reason: policy.blockedMessage !== "" ? policy.blockedMessage : blocking.reason,
      policyName: policy.name,
      ruleViolated: blocking.rule,
      severity: policy.severity,
      behaviour: policy.behaviour,
      serviceSide: false,
      action: policy.behaviour,
    };
  }

  const firstMask = maskRules[0];
  if (firstMask !== undefined) {
    const masked = texts.map((text, index) => applyMasks(text, masks[index] ?? [], request.placeholder));
    const modifiedPayload = document.rebuild(masked);
    if (modifiedPayload !== request.payload) {
      const rules = [...new Set(maskRules.map((entry) => entry.rule))];
      return {
        allowed: true,
        modified: true,
        modifiedPayload,
        reason: `Payload redacted by guardrail policy (${rules.join(", ")})`,
        policyName: firstMask.policy.name,
        ruleViolated: firstMask.rule,
        severity: firstMask.policy.severity,
        behaviour: "mask",
        serviceSide: false,
        action: "mask",
      };
    }
  }

  // The ignore-phrase path echoes the original payload with Modified:false (GS quirk).
  return createAllowVerdict("", ignoredSomething ? request.payload : "");
}
