import { GuardrailError, errorCodeForFailureClass, type Decision, type GuardResult, type Stage } from "@akto-guardrails/core";
import type { PluginHandlerResponse, TransformedData } from "../portkey/portkey-types";
import { checkDataFromDecision, type CheckData } from "./check-data";

export interface ToPluginResponseOptions {
  /** Scan and report only: never deny, never rewrite (`scanOutput: "audit"`). */
  readonly audit?: boolean;
}

function emptyTransformedData(): TransformedData {
  return { request: { json: null, text: null }, response: { json: null, text: null } };
}

/** The `Error` Portkey shows for a failure to get a verdict; it keeps only `name` and `message`, so the code goes in the message. */
export function failureError(decision: Decision): GuardrailError | null {
  const { failure } = decision;
  if (!failure) return null;
  const code = errorCodeForFailureClass(failure.class);
  return new GuardrailError({ code, message: `${code}: ${decision.reason}`, ...(failure.status === undefined ? {} : { status: failure.status }) });
}

/**
 * Maps a core decision to Portkey's handler result. Core has already decided; this only translates:
 *
 * - block (policy) → `verdict:false`, no error: a failed check (446 with `deny`, 246 without).
 * - fail-closed → `verdict:false` with an `Error`: Portkey fails it only with `failOnError: true`.
 * - sanitize → `verdict:true`, the whole sanitized body in `transformedData.request.json` / `.response.json`.
 * - allow, fail-open, monitor → `verdict:true`; a failure behind the decision is still reported as `error`.
 */
export function guardResultToResponse(result: GuardResult, options: ToPluginResponseOptions = {}): PluginHandlerResponse {
  const { decision } = result;
  const transformedData = emptyTransformedData();
  const data = checkDataFromDecision(decision, Math.max(0, Math.round(result.latencyMs)));
  const sanitized = decision.action === "sanitize" && result.changed && !options.audit;
  if (sanitized) {
    if (decision.stage === "input") transformedData.request.json = result.body;
    else transformedData.response.json = result.body;
  }
  return {
    verdict: decision.action !== "block" || options.audit === true,
    error: failureError(decision),
    data,
    transformedData,
    transformed: sanitized,
  };
}

/** A pass for a hook call with nothing to scan (streamed response, output scanning off, no body). */
export function passResponse(stage: Stage, reason: string): PluginHandlerResponse {
  const data: CheckData = { stage, action: "allow", outcome: "allow", reason, latencyMs: 0 };
  return { verdict: true, error: null, data, transformedData: emptyTransformedData(), transformed: false };
}

/**
 * A result for a call that could not be evaluated at all (invalid parameters or context, an unexpected bug).
 * `failClosed` decides the verdict; the `Error` lets Portkey's `failOnError` make it count.
 */
export function errorResponse(stage: Stage | undefined, error: Error, failClosed: boolean): PluginHandlerResponse {
  const data = {
    ...(stage ? { stage } : {}),
    action: failClosed ? "block" : "allow",
    outcome: failClosed ? "fail-closed" : "fail-open",
    reason: error.message,
    latencyMs: 0,
  };
  return { verdict: !failClosed, error, data, transformedData: emptyTransformedData(), transformed: false };
}
