import { getAtPath, type Decision, type DetectedShape, type GuardContext, type GuardResult } from "@akto-guardrails/core";
import type { Guardrails } from "@akto-guardrails/sdk";
import type { ExtractedPart } from "../extract/create-extractor";
import { applyExtractedTexts } from "../extract/apply-extracted-texts";
import { syntheticChatRequest, syntheticMessagePath } from "../extract/synthetic-chat-request";
import { unplaceableRedaction } from "./unplaceable-redaction";

export interface RequestScan {
  readonly decision: Decision;
  readonly result: GuardResult;
  /** The body the handler must see: sanitized, or the original. */
  readonly body: unknown;
  readonly changed: boolean;
}

export interface ScanRequestInput {
  readonly guardrails: Guardrails;
  readonly body: unknown;
  readonly shape: DetectedShape;
  readonly context: GuardContext;
  readonly signal: AbortSignal;
  /** For custom routes: the texts `extract` found (scanned as a synthetic chat request). */
  readonly parts?: ReadonlyArray<ExtractedPart>;
  /** The JSON text `body` was parsed from, when known. */
  readonly rawBody?: string;
}

/** Runs the input check: the API body itself, or a custom route's extracted texts. */
export async function scanRequest(input: ScanRequestInput): Promise<RequestScan> {
  const { guardrails, body, context, signal, parts } = input;
  if (!parts) {
    const result = await guardrails.checkRequest(body, { ...context, shape: input.shape, signal, ...(input.rawBody === undefined ? {} : { rawBody: input.rawBody }) });
    return { decision: result.decision, result, body: result.body, changed: result.changed };
  }
  const result = await guardrails.checkRequest(syntheticChatRequest(parts), { ...context, shape: "openai.chat", signal });
  if (result.decision.action === "block" || !result.changed) return { decision: result.decision, result, body, changed: false };
  const applied = applyExtractedTexts(body, parts, (index) => getAtPath(result.body, syntheticMessagePath(index)));
  if (!applied.success) return { decision: unplaceableRedaction(result.decision, applied.reason), result, body, changed: false };
  return { decision: result.decision, result, body: applied.body, changed: applied.body !== body };
}
