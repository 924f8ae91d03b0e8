import { describe, expect, it } from "vitest";
import { parseRequestTarget } from "./request-target";

describe("parseRequestTarget", () => {
  it("should keep an origin-form path and its query", () => {
    expect(parseRequestTarget("/v1/chat/completions?api-version=1")).toEqual({
      path: "/v1/chat/completions?api-version=1",
      pathname: "/v1/chat/completions",
      routePath: "/v1/chat/completions",
    });
  });

  it("should drop the authority of an absolute-form URI", () => {
    expect(parseRequestTarget("http://evil.example:8080/v1/models")?.path).toBe("/v1/models");
  });

  it("should treat a leading // as part of the path, not an authority", () => {
    expect(parseRequestTarget("//evil.example/v1/models")?.pathname).toBe("//evil.example/v1/models");
  });

  it("should resolve dot segments and decode escapes for routing only", () => {
    expect(parseRequestTarget("/v1/models/../chat/%63ompletions")).toEqual({
      path: "/v1/chat/%63ompletions",
      pathname: "/v1/chat/%63ompletions",
      routePath: "/v1/chat/completions",
    });
    expect(parseRequestTarget("/v1/%E0%A4%A")?.routePath).toBe("/v1/%E0%A4%A");
  });

  it("should refuse targets that are not paths", () => {
    expect(parseRequestTarget("*")).toBeUndefined();
    expect(parseRequestTarget("")).toBeUndefined();
    expect(parseRequestTarget(undefined)).toBeUndefined();
    expect(parseRequestTarget("ftp://example.com/x")).toBeUndefined();
  });
});
