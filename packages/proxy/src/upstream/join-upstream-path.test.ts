import { describe, expect, it } from "vitest";
import { joinUpstreamPath } from "./join-upstream-path";

describe("joinUpstreamPath", () => {
  it("should keep the path when the base has no path", () => {
    expect(joinUpstreamPath("", "/v1/chat/completions")).toBe("/v1/chat/completions");
  });

  it("should not double /v1", () => {
    expect(joinUpstreamPath("/v1", "/v1/chat/completions?x=1")).toBe("/v1/chat/completions?x=1");
    expect(joinUpstreamPath("/openai/v1", "/v1/models")).toBe("/openai/v1/models");
    expect(joinUpstreamPath("/v1", "/v1")).toBe("/v1");
    expect(joinUpstreamPath("/v1", "/v1?beta=true")).toBe("/v1?beta=true");
  });

  it("should append paths that do not start with /v1", () => {
    expect(joinUpstreamPath("/v1", "/v10/models")).toBe("/v1/v10/models");
    expect(joinUpstreamPath("/api", "/v1/messages")).toBe("/api/v1/messages");
  });
});
