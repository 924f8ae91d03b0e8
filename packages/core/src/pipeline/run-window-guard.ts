import type { GuardContext } from "../akto/build-envelope";
import type { ResolvedGuardrailsOptions } from "../options/guardrails-options";
import { getAtPath } from "../shapes/json-path";
import { buildSyntheticResponse } from "../shapes/synthetic-response";
import type { ApiShape } from "../shapes/types";
import type { AbortSignalLike, GuardEnvironment } from "./environment";
import { runGuard, type GuardResult } from "./run-guard";

/** One stream key's text in a window. */
export interface WindowTextPart {
  readonly key: string;
  readonly text: string;
}

/** What the stream guard should do with a scanned window. */
export type WindowDecision =
  | { readonly action: "allow" }
  | { readonly action: "block" }
  | { readonly action: "sanitize"; readonly parts: ReadonlyArray<WindowTextPart> };

export interface WindowGuardRequest {
  readonly shape: ApiShape;
  readonly parts: ReadonlyArray<WindowTextPart>;
  readonly context: GuardContext;
  readonly signal?: AbortSignalLike;
}

/**
 * Scans one window of streamed model output: the window's texts go to Akto's response route
 * as a minimal response body of the stream's own shape, and the decision comes back as what
 * the stream guard must do (a fail-closed failure blocks the stream like a policy block).
 */
export async function runWindowGuard(
  request: WindowGuardRequest,
  options: ResolvedGuardrailsOptions,
  environment: GuardEnvironment,
): Promise<{ readonly verdict: WindowDecision; readonly result: GuardResult }> {
  const synthetic = buildSyntheticResponse(request.shape, request.parts);
  const result = await runGuard(
    {
      stage: "output",
      body: synthetic.body,
      shape: request.shape,
      context: request.context,
      ...(request.signal ? { signal: request.signal } : {}),
    },
    options,
    environment,
  );
  if (result.decision.action === "block") return { verdict: { action: "block" }, result };
  if (result.decision.action === "sanitize" && result.changed) {
    const parts = request.parts.map((part) => {
      const path = synthetic.keyPaths.get(part.key);
      const text = path ? getAtPath(result.body, path) : undefined;
      return { key: part.key, text: typeof text === "string" ? text : part.text };
    });
    return { verdict: { action: "sanitize", parts }, result };
  }
  return { verdict: { action: "allow" }, result };
}
