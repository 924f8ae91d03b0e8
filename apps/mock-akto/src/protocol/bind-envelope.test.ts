import { describe, expect, it } from "vitest";
import { bindEnvelope } from "./bind-envelope";
import { bindBatch } from "./bind-batch";

describe("bindEnvelope", () => {
  it("should bind string fields and fill absent ones with empty strings", () => {
    const result = bindEnvelope({ requestPayload: "{}", path: "/v1", skipThreat: true, unknownField: 42 });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.value).toMatchObject({ requestPayload: "{}", path: "/v1", method: "", skipThreat: true });
  });

  it("should accept null as empty", () => {
    const result = bindEnvelope({ requestPayload: null, skipThreat: null });
    expect(result).toMatchObject({ success: true, value: { requestPayload: "", skipThreat: false } });
    expect(bindEnvelope(null)).toMatchObject({ success: true });
  });

  it("should reject a non-string in a string field and a non-bool skipThreat", () => {
    expect(bindEnvelope({ statusCode: 200 })).toMatchObject({ success: false });
    expect(bindEnvelope({ requestPayload: { body: "x" } })).toMatchObject({ success: false });
    expect(bindEnvelope({ skipThreat: "true" })).toMatchObject({ success: false });
    expect(bindEnvelope([])).toMatchObject({ success: false });
    expect(bindEnvelope("text")).toMatchObject({ success: false });
  });

  it("should match keys case-insensitively like Go", () => {
    expect(bindEnvelope({ RequestPayload: "x", SKIPTHREAT: true })).toMatchObject({
      success: true,
      value: { requestPayload: "x", skipThreat: true },
    });
  });

  it("should name the Go field in the error", () => {
    expect(bindEnvelope({ statusCode: 200 })).toEqual({
      success: false,
      error: "json: cannot unmarshal number into Go struct field models.ValidateRequestParams.statusCode of type string",
    });
  });
});

describe("bindBatch", () => {
  it("should bind items with parentMcpToolNames as a string list", () => {
    const result = bindBatch({
      batchData: [{ path: "/x", requestPayload: "a", parentMcpToolNames: ["t1"] }, null],
      contextSource: "endpoint",
      skipThreat: true,
    });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.value.batchData).toHaveLength(2);
    expect(result.value.batchData[0]).toMatchObject({ path: "/x", requestPayload: "a", parentMcpToolNames: ["t1"] });
    expect(result.value.batchData[1]).toMatchObject({ path: "", parentMcpToolNames: [] });
    expect(result.value).toMatchObject({ contextSource: "endpoint", skipThreat: true });
  });

  it("should reject wrong types with a Go-style message", () => {
    expect(bindBatch({ batchData: {} })).toMatchObject({ success: false });
    expect(bindBatch({ batchData: [{ statusCode: 200 }] })).toEqual({
      success: false,
      error: "json: cannot unmarshal number into Go struct field ValidationRequest.batchData.statusCode of type string",
    });
    expect(bindBatch({ batchData: [{ parentMcpToolNames: "t1" }] })).toMatchObject({ success: false });
  });
});
