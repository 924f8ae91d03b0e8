import { buildSyntheticResponse, getAtPath, type Decision, type DetectedShape, type GuardContext, type GuardResult } from "@akto-guardrails/core";
import type { Guardrails } from "@akto-guardrails/sdk";
import type { Request } from "express";
import type { Extractor } from "../extract/create-extractor";
import { applyExtractedTexts } from "../extract/apply-extracted-texts";
import { unplaceableRedaction } from "../input/unplaceable-redaction";

export interface JsonOutputScan {
  readonly decision: Decision;
  readonly result: GuardResult;
  /** The body to send when the decision lets it through (sanitized or the original). */
  readonly body: unknown;
  readonly changed: boolean;
}

export interface ScanJsonOutputInput {
  readonly guardrails: Guardrails;
  readonly request: Request;
  readonly body: unknown;
  readonly shape: DetectedShape;
  /** The request that produced the response (context for Akto). */
  readonly forwardedRequest: unknown;
  readonly context: GuardContext;
  readonly signal: AbortSignal;
  /** For custom routes: where the texts of the response are. */
  readonly extractor?: Extractor;
  /** The JSON text `body` was parsed from. */
  readonly rawBody?: string;
}

/** Scans a whole JSON response: as its API shape, or, for a custom route with an extractor, as a synthetic chat completion. */
export async function scanJsonOutput(input: ScanJsonOutputInput): Promise<JsonOutputScan> {
  const { guardrails, body, context, signal } = input;
  if (input.extractor) {
    let parts;
    try {
      parts = input.extractor(body, input.request);
    } catch (error) {
      // The body is not what the extractor expects: scan it whole rather than not at all.
      guardrails.logger.warn({ error: error instanceof Error ? error.message : String(error), route: context.path }, "akto-guardrails: response extract failed; scanning the whole body");
      parts = undefined;
    }
    if (parts) {
      const synthetic = buildSyntheticResponse(
        "openai.chat",
        parts.map((part, index) => ({ key: String(index), text: part.text })),
      );
      const result = await guardrails.checkResponse(synthetic.body, { ...context, shape: "openai.chat", request: input.forwardedRequest, signal });
      if (result.decision.action === "block" || !result.changed) return { decision: result.decision, result, body, changed: false };
      const applied = applyExtractedTexts(body, parts, (index) => {
        const path = synthetic.keyPaths.get(String(index));
        return path ? getAtPath(result.body, path) : undefined;
      });
      if (!applied.success) return { decision: unplaceableRedaction(result.decision, applied.reason), result, body, changed: false };
      return { decision: result.decision, result, body: applied.body, changed: applied.body !== body };
    }
  }
  const result = await guardrails.checkResponse(body, {
    ...context,
    shape: input.shape,
    request: input.forwardedRequest,
    signal,
    ...(input.rawBody === undefined ? {} : { rawBody: input.rawBody }),
  });
  return { decision: result.decision, result, body: result.body, changed: result.changed };
}
