import type { MetadataMode, ResponseCasing, Verdict } from "../types";

export interface VerdictFormat {
  casing: ResponseCasing;
  metadata: MetadataMode;
  echoModifiedPayload: boolean;
}

export const failOpenDualError = "mock-akto: failopen-dual casing";

function metadataOf(verdict: Verdict, mode: MetadataMode): Record<string, string> {
  // GS HEAD returns an empty ThreatMetadata from the library path; GS-side detectors fill it.
  if (mode === "empty" && !verdict.serviceSide) return { policy_name: "", rule_violated: "" };
  const metadata: Record<string, string> = { policy_name: verdict.policyName, rule_violated: verdict.ruleViolated };
  if (verdict.serviceSide && verdict.severity !== "") metadata["severity"] = verdict.severity;
  return metadata;
}

/**
 * Renders a verdict as GS would (`standard`: capitalised Go names plus lowercase `behaviour`),
 * as the stale README/DTO shape (`lowercase`), or as the Java fail-open dual-casing object.
 */
export function formatVerdict(verdict: Verdict, inputPayload: string, format: VerdictFormat): Record<string, unknown> {
  const modifiedPayload =
    !verdict.modified && format.echoModifiedPayload ? inputPayload : verdict.modifiedPayload;
  if (format.casing === "failopen-dual") {
    return {
      Allowed: verdict.allowed,
      allowed: verdict.allowed,
      Modified: verdict.modified,
      modified: verdict.modified,
      ModifiedPayload: modifiedPayload,
      Reason: verdict.reason,
      reason: verdict.reason,
      Behaviour: verdict.behaviour,
      behaviour: verdict.behaviour,
      failOpen: true,
      error: failOpenDualError,
    };
  }
  const metadata = metadataOf(verdict, format.metadata);
  const body: Record<string, unknown> =
    format.casing === "lowercase"
      ? {
          allowed: verdict.allowed,
          modified: verdict.modified,
          modifiedPayload,
          reason: verdict.reason,
          metadata,
        }
      : {
          Allowed: verdict.allowed,
          Modified: verdict.modified,
          ModifiedPayload: modifiedPayload,
          Reason: verdict.reason,
          Metadata: metadata,
        };
  if (verdict.behaviour !== "") body["behaviour"] = verdict.behaviour;
  return body;
}

/** The Java `GuardrailsClient.buildFailOpenResponse` object (§13), as DIS sends it on GS failure. */
export function createFailOpenObject(error: string): Record<string, unknown> {
  return {
    Allowed: true,
    allowed: true,
    Modified: false,
    modified: false,
    ModifiedPayload: "",
    Reason: "",
    reason: "",
    Behaviour: "",
    behaviour: "",
    failOpen: true,
    error,
  };
}
