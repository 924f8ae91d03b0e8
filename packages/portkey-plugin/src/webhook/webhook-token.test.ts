import { describe, expect, it } from "vitest";
import { constantTimeEqual, readWebhookToken } from "./webhook-token";

describe("readWebhookToken", () => {
  it("should read a bearer token in any header or scheme case", () => {
    expect(readWebhookToken({ authorization: "Bearer abc" })).toBe("abc");
    expect(readWebhookToken({ Authorization: "bearer  abc " })).toBe("abc");
  });

  it("should fall back to x-akto-webhook-token", () => {
    expect(readWebhookToken({ "x-akto-webhook-token": "def" })).toBe("def");
    expect(readWebhookToken({ authorization: "Basic xyz", "X-Akto-Webhook-Token": ["ghi"] })).toBe("ghi");
  });

  it("should find nothing when neither is sent", () => {
    expect(readWebhookToken({ authorization: "abc" })).toBeUndefined();
    expect(readWebhookToken({})).toBeUndefined();
  });
});

describe("constantTimeEqual", () => {
  it("should compare exactly", () => {
    expect(constantTimeEqual("token-1", "token-1")).toBe(true);
    expect(constantTimeEqual("token-2", "token-1")).toBe(false);
    expect(constantTimeEqual("token-1x", "token-1")).toBe(false);
    expect(constantTimeEqual("", "token-1")).toBe(false);
    expect(constantTimeEqual("tökén", "tökén")).toBe(true);
  });
});
