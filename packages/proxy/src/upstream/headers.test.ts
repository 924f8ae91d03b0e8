import { describe, expect, it } from "vitest";
import { buildClientResponseHeaders } from "./client-response-headers";
import { buildUpstreamRequestHeaders } from "./upstream-request-headers";

describe("buildUpstreamRequestHeaders", () => {
  const incoming = {
    host: "proxy.local:8787",
    connection: "keep-alive, x-hop",
    "x-hop": "1",
    "keep-alive": "timeout=5",
    "proxy-authorization": "Bearer proxy-key",
    "x-akto-proxy-key": "proxy-key",
    "transfer-encoding": "chunked",
    te: "trailers",
    upgrade: "websocket",
    expect: "100-continue",
    "content-length": "99",
    "x-request-id": "client-id",
    authorization: "Bearer sk-provider",
    "x-api-key": "sk-ant",
    "accept-encoding": "gzip",
    "x-custom": ["a", "b"],
  };

  it("should keep end-to-end headers and provider credentials, and drop the rest", () => {
    expect(buildUpstreamRequestHeaders(incoming, { host: "api.openai.com", requestId: "rid", contentLength: 12, identityEncoding: true })).toEqual({
      host: "api.openai.com",
      "x-request-id": "rid",
      "content-length": "12",
      authorization: "Bearer sk-provider",
      "x-api-key": "sk-ant",
      "accept-encoding": "identity",
      "x-custom": ["a", "b"],
    });
  });

  it("should keep the client's framing when streaming a body through", () => {
    const headers = buildUpstreamRequestHeaders({ "content-length": "99", "accept-encoding": "gzip" }, { host: "h", requestId: "r" });
    expect(headers["content-length"]).toBe("99");
    expect(headers["accept-encoding"]).toBe("gzip");
  });
});

describe("buildClientResponseHeaders", () => {
  it("should drop hop-by-hop headers and rename the upstream's request id", () => {
    expect(
      buildClientResponseHeaders({
        connection: "close, x-hop",
        "x-hop": "1",
        "transfer-encoding": "chunked",
        "content-length": "10",
        "content-encoding": "gzip",
        "x-request-id": "req_1",
        "set-cookie": ["a=1", "b=2"],
      }),
    ).toEqual({ "content-length": "10", "content-encoding": "gzip", "x-upstream-request-id": "req_1", "set-cookie": ["a=1", "b=2"] });
  });

  it("should drop body framing when the body is replaced", () => {
    expect(buildClientResponseHeaders({ "content-length": "10", "content-encoding": "gzip", "content-type": "application/json" }, { bodyReplaced: true })).toEqual({
      "content-type": "application/json",
    });
  });
});
