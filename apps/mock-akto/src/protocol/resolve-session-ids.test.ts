import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseHeaderMap } from "./parse-header-map";
import { resolveSessionIds } from "./resolve-session-ids";

describe("resolveSessionIds", () => {
  it("should prefer HTTP headers, in Akto's priority order", () => {
    const result = resolveSessionIds(
      { "x-conversation-id": "conv", "x-session-id": "sess", "x-request-id": "req" },
      parseHeaderMap('{"x-akto-installer-akto_session_id":"inner"}'),
    );
    expect(result).toEqual({ sessionId: "sess", requestId: "req" });
  });

  it("should fall back to the same keys inside requestHeaders, case-insensitively", () => {
    const result = resolveSessionIds({}, parseHeaderMap('{"X-Session-Id":"inner","Request-Id":"r1"}'));
    expect(result).toEqual({ sessionId: "inner", requestId: "r1" });
  });

  it("should hash session ids longer than 100 characters", () => {
    const long = "s".repeat(101);
    expect(resolveSessionIds({ "x-user-id": long }, new Map()).sessionId).toBe(
      createHash("sha256").update(long).digest("hex"),
    );
  });
});

describe("parseHeaderMap", () => {
  it("should return an empty map for bad input", () => {
    expect(parseHeaderMap("not json").size).toBe(0);
    expect(parseHeaderMap("[1]").size).toBe(0);
    expect(parseHeaderMap('{"Host":"A.B"}').get("host")).toBe("A.B");
  });
});
