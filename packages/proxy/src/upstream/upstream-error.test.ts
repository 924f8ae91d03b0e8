import { describe, expect, it } from "vitest";
import { classifyUpstreamError, isAbortError } from "./upstream-error";

const withCode = (code: string) => Object.assign(new Error("x"), { code });

describe("classifyUpstreamError", () => {
  it("should map timeouts to 504 and connection failures to 502", () => {
    expect(classifyUpstreamError(withCode("UND_ERR_HEADERS_TIMEOUT"))).toMatchObject({ status: 504, kind: "timeout" });
    expect(classifyUpstreamError(withCode("UND_ERR_CONNECT_TIMEOUT"))).toMatchObject({ status: 504, kind: "timeout" });
    expect(classifyUpstreamError(withCode("ECONNREFUSED"))).toMatchObject({ status: 502, kind: "connection" });
    expect(classifyUpstreamError(new AggregateError([withCode("ECONNREFUSED")]))).toMatchObject({ status: 502, kind: "connection" });
    expect(classifyUpstreamError(new Error("odd"))).toMatchObject({ status: 502, kind: "protocol" });
  });

  it("should recognise our own aborts", () => {
    expect(isAbortError(withCode("UND_ERR_ABORTED"))).toBe(true);
    expect(isAbortError(withCode("ECONNRESET"))).toBe(false);
  });
});
