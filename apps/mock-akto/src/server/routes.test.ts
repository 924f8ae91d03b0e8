import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chatPayload, postJson } from "../__fixtures__/http-client";
import { resetMock } from "../__fixtures__/reset-mock";
import { startMockAkto } from "../start-mock-akto";
import type { MockAkto } from "../types";

let mock: MockAkto;
beforeAll(async () => {
  mock = await startMockAkto();
});
afterAll(() => mock.close());
beforeEach(() => resetMock(mock));

const corsExpectations = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
  "access-control-allow-headers": "Origin, Content-Type, Authorization",
};

describe("routes", () => {
  it("should answer GET /health with the GS health body", async () => {
    const response = await fetch(`${mock.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.text()).toBe('{"success":true,"status":"healthy"}');
  });

  it("should answer POST /api/health but 404 GET /api/health", async () => {
    const post = await postJson(`${mock.url}/api/health`, "");
    expect(post.json()).toEqual({ success: true, status: "healthy" });
    const get = await fetch(`${mock.url}/api/health`);
    expect(get.status).toBe(404);
    expect(get.headers.get("content-type")).toContain("text/plain");
    expect(await get.text()).toBe("404 page not found");
  });

  it("should answer 404 text for unknown routes and wrong methods", async () => {
    for (const [method, path] of [
      ["GET", "/nope"],
      ["GET", "/api/validate/request"],
      ["PUT", "/api/validate/response"],
      ["DELETE", "/api/http-proxy"],
      ["GET", "/api/threat_detection/record_malicious_event"],
    ] as const) {
      const response = await fetch(`${mock.url}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.text()).toBe("404 page not found");
    }
  });

  it("should answer every OPTIONS with 204 and the CORS headers", async () => {
    for (const path of ["/api/validate/request", "/anything/at/all", "/health"]) {
      const response = await fetch(`${mock.url}${path}`, { method: "OPTIONS" });
      expect(response.status).toBe(204);
      for (const [name, value] of Object.entries(corsExpectations)) expect(response.headers.get(name)).toBe(value);
    }
  });

  it("should put the CORS headers on ordinary answers too", async () => {
    const response = await fetch(`${mock.url}/health`);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("should serve the backpressure snapshot", async () => {
    await postJson(`${mock.url}/api/validate/request`, { requestPayload: chatPayload("hello") });
    const snapshot = (await (await fetch(`${mock.url}/backpressure`)).json()) as Record<string, unknown>;
    expect(Object.keys(snapshot)).toEqual([
      "reason",
      "enabled",
      "tripped",
      "recent_sample_count",
      "recent_avg_latency_ms",
      "threshold_ms",
      "min_samples",
      "ttl_seconds",
      "inflight_in_use",
      "inflight_rejected_total",
    ]);
    expect(snapshot["recent_sample_count"]).toBeGreaterThanOrEqual(1);
    expect(snapshot["tripped"]).toBe(false);
    mock.admin.setFaults([{ kind: "backpressure" }]);
    const tripped = (await (await fetch(`${mock.url}/backpressure`)).json()) as Record<string, unknown>;
    expect(tripped).toMatchObject({ tripped: true, reason: "guardrail scan skipped (backpressure): guardrails_scan_backpressure" });
  });

  it("should answer /api/validate/file as GS does with file validation disabled", async () => {
    const response = await postJson(`${mock.url}/api/validate/file`, "");
    expect(response.json()).toEqual({ allowed: true });
  });
});

describe("auth", () => {
  const validate = (headers: Record<string, string>) =>
    postJson(`${mock.url}/api/validate/request`, { requestPayload: chatPayload("hi") }, headers);

  it("should be off by default", async () => {
    expect((await validate({})).status).toBe(200);
  });

  it("should accept a raw token or Bearer (any case) on GS routes and 401 with an empty body otherwise", async () => {
    mock.admin.setOptions({ token: "secret-token" });
    expect((await validate({ authorization: "secret-token" })).status).toBe(200);
    expect((await validate({ authorization: "Bearer secret-token" })).status).toBe(200);
    expect((await validate({ authorization: "bEaReR secret-token" })).status).toBe(200);
    const rejected: Array<Record<string, string>> = [{}, { authorization: "wrong" }, { authorization: "Bearer wrong" }, { authorization: "Basic secret-token" }];
    for (const headers of rejected) {
      const response = await validate(headers);
      expect(response.status).toBe(401);
      expect(response.text).toBe("");
    }
    expect((await postJson(`${mock.url}/api/health`, "")).status).toBe(401);
  });

  it("should accept only the raw token on /api/http-proxy", async () => {
    mock.admin.setOptions({ token: "secret-token" });
    const url = `${mock.url}/api/http-proxy?guardrails=true`;
    const body = { requestPayload: chatPayload("hi") };
    expect((await postJson(url, body, { authorization: "secret-token" })).status).toBe(200);
    const bearer = await postJson(url, body, { authorization: "Bearer secret-token" });
    expect(bearer.status).toBe(401);
    expect(bearer.text).toBe("");
  });

  it("should require Bearer on the threat route", async () => {
    mock.admin.setOptions({ token: "secret-token" });
    const url = `${mock.url}/api/threat_detection/record_malicious_event`;
    expect((await postJson(url, {}, { authorization: "Bearer secret-token" })).status).toBe(202);
    expect((await postJson(url, {}, { authorization: "secret-token" })).status).toBe(401);
  });

  it("should never require auth on /health and /backpressure", async () => {
    mock.admin.setOptions({ token: "secret-token" });
    expect((await fetch(`${mock.url}/health`)).status).toBe(200);
    expect((await fetch(`${mock.url}/backpressure`)).status).toBe(200);
  });

  it("should check routes before auth, as gin does", async () => {
    mock.admin.setOptions({ token: "secret-token" });
    expect((await fetch(`${mock.url}/api/health`)).status).toBe(404);
  });

  it("should turn auth off again with token null", async () => {
    mock.admin.setOptions({ token: "secret-token" });
    mock.admin.setOptions({ token: null });
    expect((await validate({})).status).toBe(200);
  });
});

describe("robustness", () => {
  it("should survive a client that disconnects mid-body", async () => {
    const { request } = await import("node:http");
    const outgoing = request(`${mock.url}/api/validate/request`, {
      method: "POST",
      // Expect: 100-continue makes the server answer once its handler runs, so the abort lands mid-body.
      headers: { "content-type": "application/json", "content-length": "1000", expect: "100-continue" },
    });
    outgoing.on("error", () => undefined);
    await new Promise<void>((resolve) => outgoing.once("continue", resolve));
    outgoing.write('{"requestPayload":"', () => outgoing.destroy());
    const response = await postJson(`${mock.url}/api/validate/request`, { requestPayload: chatPayload("hi") });
    expect(response.status).toBe(200);
  });

  it("should answer 413 for a body over 16 MiB", async () => {
    const response = await postJson(`${mock.url}/api/validate/request`, "x".repeat(16 * 1024 * 1024 + 1));
    expect(response.status).toBe(413);
    expect(response.json()).toEqual({ error: "request body exceeds maximum allowed size" });
  });
});
