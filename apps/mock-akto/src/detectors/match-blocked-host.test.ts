import { describe, expect, it } from "vitest";
import { createBlockedHostMatcher, normalizeHostAndPath } from "./match-blocked-host";

function blocks(pattern: string, host: string, path: string): boolean {
  const matcher = createBlockedHostMatcher(pattern);
  const target = normalizeHostAndPath(host, path);
  return matcher?.matches(target.host, target.path) ?? false;
}

describe("createBlockedHostMatcher", () => {
  it("should ignore port, scheme, query and case", () => {
    expect(blocks("chatgpt.com/*", "CHATGPT.COM:8443", "/V1")).toBe(true);
    expect(blocks("https://chatgpt.com/*", "chatgpt.com", "/v1?x=1")).toBe(true);
  });

  it("should let a bare host match every path", () => {
    expect(blocks("pastebin.com", "pastebin.com", "/raw/abc")).toBe(true);
    expect(blocks("pastebin.com", "pastebin.com", "")).toBe(true);
    expect(blocks("pastebin.com", "api.pastebin.com", "/")).toBe(false);
  });

  it("should need a slash after the host for host/*", () => {
    expect(blocks("chatgpt.com/*", "chatgpt.com", "")).toBe(false);
    expect(blocks("chatgpt.com/*", "chatgpt.com", "/")).toBe(true);
  });

  it("should treat * as a wildcard in host and path", () => {
    expect(blocks("*.openai.com/v1/*", "api.openai.com", "/v1/chat/completions")).toBe(true);
    expect(blocks("*.openai.com/v1/*", "api.openai.com", "/v2/chat")).toBe(false);
  });

  it("should match nothing without a host", () => {
    expect(blocks("*", "", "/anything")).toBe(false);
    expect(createBlockedHostMatcher("  ")).toBeNull();
  });
});
