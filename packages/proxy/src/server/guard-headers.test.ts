import type { GuardResult, Outcome } from "@akto-guardrails/core";
import { describe, expect, it } from "vitest";
import { dominantResult, guardHeaders } from "./guard-headers";

const result = (outcome: Outcome, latencyMs: number) => ({ decision: { outcome }, latencyMs }) as unknown as GuardResult;

describe("guardHeaders", () => {
  it("should report the most significant outcome and the total latency", () => {
    expect(guardHeaders([result("sanitize", 2), result("allow", 3.04)])).toEqual({ "x-akto-guardrails-action": "sanitize", "x-akto-guardrails-latency-ms": "5" });
    expect(dominantResult([result("fail-open", 1), result("block", 1)])?.decision.outcome).toBe("block");
    expect(dominantResult([result("block", 1), result("fail-closed", 1)])?.decision.outcome).toBe("fail-closed");
    expect(guardHeaders([])).toEqual({});
  });
});
