import { describe, expect, it } from "vitest";
import { createAllowVerdict } from "../engine/create-verdict";
import type { Verdict } from "../types";
import { formatVerdict, type VerdictFormat } from "./format-verdict";

const blocked: Verdict = {
  allowed: false,
  modified: false,
  modifiedPayload: "",
  reason: "PII detected (ssn)",
  policyName: "pii",
  ruleViolated: "PII-ssn",
  severity: "HIGH",
  behaviour: "block",
  serviceSide: false,
  action: "block",
};
const standard: VerdictFormat = { casing: "standard", metadata: "filled", echoModifiedPayload: false };

describe("formatVerdict", () => {
  it("should use Go field names with lowercase behaviour, in GS order", () => {
    const body = formatVerdict(blocked, "{}", standard);
    expect(Object.keys(body)).toEqual(["Allowed", "Modified", "ModifiedPayload", "Reason", "Metadata", "behaviour"]);
    expect(body["Metadata"]).toEqual({ policy_name: "pii", rule_violated: "PII-ssn" });
  });

  it("should omit behaviour when empty", () => {
    expect(Object.keys(formatVerdict(createAllowVerdict(), "{}", standard))).not.toContain("behaviour");
  });

  it("should emit the stale lowercase shape", () => {
    const body = formatVerdict(blocked, "{}", { ...standard, casing: "lowercase" });
    expect(Object.keys(body)).toEqual(["allowed", "modified", "modifiedPayload", "reason", "metadata", "behaviour"]);
  });

  it("should emit the Java fail-open dual-casing shape", () => {
    const body = formatVerdict(blocked, "{}", { ...standard, casing: "failopen-dual" });
    expect(body).toMatchObject({ Allowed: false, allowed: false, Reason: "PII detected (ssn)", reason: "PII detected (ssn)", failOpen: true });
    expect(Object.keys(body)).toEqual([
      "Allowed", "allowed", "Modified", "modified", "ModifiedPayload", "Reason", "reason", "Behaviour", "behaviour", "failOpen", "error",
    ]);
  });

  it("should empty Metadata in empty mode except for GS-side detectors", () => {
    const empty = { ...standard, metadata: "empty" as const };
    expect(formatVerdict(blocked, "{}", empty)["Metadata"]).toEqual({ policy_name: "", rule_violated: "" });
    const host = { ...blocked, ruleViolated: "BlockedHost", serviceSide: true };
    expect(formatVerdict(host, "{}", empty)["Metadata"]).toEqual({ policy_name: "pii", rule_violated: "BlockedHost", severity: "HIGH" });
  });

  it("should echo the input when not modified, only with echoModifiedPayload", () => {
    expect(formatVerdict(blocked, "input", { ...standard, echoModifiedPayload: true })["ModifiedPayload"]).toBe("input");
    const masked = { ...blocked, allowed: true, modified: true, modifiedPayload: "masked", behaviour: "mask" as const };
    expect(formatVerdict(masked, "input", { ...standard, echoModifiedPayload: true })["ModifiedPayload"]).toBe("masked");
  });
});
