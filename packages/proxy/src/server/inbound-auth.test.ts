import { describe, expect, it } from "vitest";
import { createInboundAuth, presentedProxyKey } from "./inbound-auth";

describe("createInboundAuth", () => {
  it("should be off without keys", () => {
    expect(createInboundAuth([])).toBeUndefined();
  });

  it("should accept any configured key in either header and nothing else", () => {
    const check = createInboundAuth(["first-key-0001", "second-key-0002"])!;
    expect(check({ "x-akto-proxy-key": "second-key-0002" })).toBe(true);
    expect(check({ "proxy-authorization": "bearer first-key-0001" })).toBe(true);
    expect(check({ "x-akto-proxy-key": "first-key-000" })).toBe(false);
    expect(check({ authorization: "Bearer first-key-0001" })).toBe(false);
    expect(check({ "proxy-authorization": "Basic Zmlyc3Q=" })).toBe(false);
    expect(check({})).toBe(false);
  });

  it("should read the presented key", () => {
    expect(presentedProxyKey({ "x-akto-proxy-key": "  spaced-key  " })).toBe("spaced-key");
    expect(presentedProxyKey({ "x-akto-proxy-key": ["one", "two"] })).toBe("one");
  });
});
