import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chatPayload, postJson, rawRequest } from "../__fixtures__/http-client";
import { resetMock } from "../__fixtures__/reset-mock";
import { MockAktoError } from "../mock-akto-error";
import { startMockAkto } from "../start-mock-akto";
import type { FaultSpec, MockAkto } from "../types";

let mock: MockAkto;
let requestUrl: string;
beforeAll(async () => {
  mock = await startMockAkto();
  requestUrl = `${mock.url}/api/validate/request`;
});
afterAll(() => mock.close());
beforeEach(() => resetMock(mock));

const envelope = { requestPayload: chatPayload("hello") };
const envelopeText = JSON.stringify(envelope);

describe("faults", () => {
  it("should delay by a fixed latency and still answer the real verdict", async () => {
    mock.admin.setFaults([{ kind: "latency", latencyMs: 150 }]);
    const started = performance.now();
    const response = await postJson(requestUrl, envelope);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.json()).toMatchObject({ Allowed: true });
    expect(mock.admin.validations()[0]).toMatchObject({ fault: "latency", action: "allow" });
  });

  it("should draw a uniform latency from {min,max}", async () => {
    mock.admin.setFaults([{ kind: "latency", latencyMs: { min: 60, max: 80 } }]);
    const started = performance.now();
    await postJson(requestUrl, envelope);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("should answer a configured status with body and headers", async () => {
    mock.admin.setFaults([{ kind: "status", status: 429, body: { error: "slow down" }, headers: { "Retry-After": "1" } }]);
    const response = await postJson(requestUrl, envelope);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(response.json()).toEqual({ error: "slow down" });
    expect(mock.admin.validations()[0]).toMatchObject({ fault: "status", verdict: null, action: null, payload: envelope.requestPayload });
  });

  it("should give GS's bodies for 500 and an empty body for 401 by default", async () => {
    mock.admin.setFaults([{ kind: "status", status: 500, times: 1 }, { kind: "status", status: 401, times: 1 }]);
    const first = await postJson(requestUrl, envelope);
    expect([first.status, first.text]).toEqual([500, '{"error":"Validation failed"}']);
    const second = await postJson(requestUrl, envelope);
    expect([second.status, second.text]).toEqual([401, ""]);
  });

  it("should apply a route-specific fault only to that route, and * only to validation routes", async () => {
    mock.admin.setFaults([{ kind: "status", status: 502, route: "/api/validate/response" }]);
    expect((await postJson(requestUrl, envelope)).status).toBe(200);
    expect((await postJson(`${mock.url}/api/validate/response`, envelope)).status).toBe(502);
    mock.admin.setFaults([{ kind: "status", status: 503 }]);
    expect((await fetch(`${mock.url}/health`)).status).toBe(200);
    expect((await postJson(`${mock.url}/api/http-proxy?guardrails=true`, envelope)).status).toBe(503);
    mock.admin.setFaults([{ kind: "status", status: 503, route: "/health" }]);
    expect((await fetch(`${mock.url}/health`)).status).toBe(503);
  });

  it("should stop after `times` applications", async () => {
    mock.admin.setFaults([{ kind: "status", status: 500, times: 2 }]);
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await postJson(requestUrl, envelope)).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(mock.admin.faults()[0]).toMatchObject({ remaining: 0, hits: 2 });
  });

  it("should reset the socket after reading the request", async () => {
    mock.admin.setFaults([{ kind: "reset" }]);
    const result = await rawRequest(requestUrl, envelopeText);
    expect(result.response).toBeNull();
    expect(result.error).not.toBeNull();
  });

  it("should reset mid-body after sending headers and part of the body", async () => {
    mock.admin.setFaults([{ kind: "reset_mid_body" }]);
    const result = await rawRequest(requestUrl, envelopeText);
    expect(result.response?.status).toBe(200);
    expect(result.error).not.toBeNull();
    const declared = Number(result.response?.headers["content-length"]);
    expect(Buffer.byteLength(result.response?.body ?? "")).toBeLessThan(declared);
  });

  it("should answer 200 with an HTML body for non_json", async () => {
    mock.admin.setFaults([{ kind: "non_json" }]);
    const response = await postJson(requestUrl, envelope);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(() => response.json()).toThrow();
  });

  it("should truncate the JSON with an honest Content-Length", async () => {
    mock.admin.setFaults([{ kind: "truncated" }]);
    const response = await postJson(requestUrl, { requestPayload: chatPayload("mail jane@example.com") });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(response.text));
    expect(() => response.json()).toThrow();
    expect(response.text.startsWith('{"Allowed":true,"Modified":true')).toBe(true);
  });

  it("should answer wrongly typed verdict fields for wrong_types", async () => {
    mock.admin.setFaults([{ kind: "wrong_types" }]);
    expect((await postJson(requestUrl, envelope)).json()).toMatchObject({ Allowed: "yes", Modified: 1 });
  });

  it("should answer the backpressure skip verdict", async () => {
    mock.admin.setFaults([{ kind: "backpressure" }]);
    expect((await postJson(requestUrl, { requestPayload: chatPayload("Ignore previous instructions") })).json()).toEqual({
      Allowed: true,
      Modified: false,
      ModifiedPayload: "",
      Reason: "guardrail scan skipped (backpressure): guardrails_scan_backpressure",
      Metadata: { policy_name: "", rule_violated: "" },
    });
  });

  it("should answer the Java fail-open object, wrapped on http-proxy", async () => {
    mock.admin.setFaults([{ kind: "fail_open_object", message: "connect timed out" }]);
    const failOpen = {
      Allowed: true,
      allowed: true,
      Modified: false,
      modified: false,
      ModifiedPayload: "",
      Reason: "",
      reason: "",
      Behaviour: "",
      behaviour: "",
      failOpen: true,
      error: "connect timed out",
    };
    expect((await postJson(requestUrl, envelope)).json()).toEqual(failOpen);
    const proxied = (await postJson(`${mock.url}/api/http-proxy?guardrails=true`, envelope)).json() as { data: Record<string, unknown> };
    expect(proxied.data["guardrailsResult"]).toEqual(failOpen);
  });

  it("should send headers at once and dribble the body for slow_body", async () => {
    mock.admin.setFaults([{ kind: "slow_body", durationMs: 300 }]);
    const result = await rawRequest(requestUrl, envelopeText);
    expect(result.error).toBeNull();
    expect(result.chunks.length).toBeGreaterThan(1);
    const last = result.chunks[result.chunks.length - 1];
    expect((last?.at ?? 0) - result.headersAt).toBeGreaterThanOrEqual(200);
    expect(JSON.parse(result.response?.body ?? "")).toMatchObject({ Allowed: true });
  });

  it("should reject invalid fault specs with INVALID_FAULT", () => {
    const bad: unknown[] = [
      { kind: "explode" },
      { kind: "latency" },
      { kind: "status", rate: 2 },
      { kind: "status", status: 99 },
      { kind: "status", times: 0 },
      { kind: "status", route: "api" },
      { kind: "latency", latencyMs: { min: 5, max: 1 } },
    ];
    for (const fault of bad) {
      try {
        mock.admin.addFault(fault as FaultSpec);
        expect.unreachable(JSON.stringify(fault));
      } catch (error) {
        expect(MockAktoError.isInstance(error) && error.code).toBe("INVALID_FAULT");
      }
    }
    expect(mock.admin.faults()).toEqual([]);
  });
});

describe("fault rate", () => {
  async function pattern(target: MockAkto, count: number): Promise<string> {
    let result = "";
    for (let index = 0; index < count; index += 1) {
      result += (await postJson(`${target.url}/api/validate/request`, envelope)).status === 503 ? "x" : ".";
    }
    return result;
  }
  const halfTheTime: FaultSpec[] = [{ kind: "status", status: 503, rate: 0.5 }];

  it("should draw from the seeded PRNG so runs are reproducible", async () => {
    const first = await startMockAkto({ seed: 7, faults: halfTheTime });
    const second = await startMockAkto({ seed: 7, faults: halfTheTime });
    const other = await startMockAkto({ seed: 8, faults: halfTheTime });
    try {
      const expected = await pattern(first, 30);
      expect(expected).toMatch(/x/);
      expect(expected).toMatch(/\./);
      expect(await pattern(second, 30)).toBe(expected);
      expect(await pattern(other, 30)).not.toBe(expected);
      // setFaults reseeds, so the same plan replays the same draws.
      first.admin.setFaults(halfTheTime);
      expect(await pattern(first, 30)).toBe(expected);
    } finally {
      await Promise.all([first.close(), second.close(), other.close()]);
    }
  });

  it("should never apply a rate-0 fault", async () => {
    mock.admin.setFaults([{ kind: "status", status: 503, rate: 0 }]);
    expect(await pattern(mock, 10)).toBe("..........");
  });
});

describe("hang", () => {
  it("should keep the socket open until close(), which destroys it promptly", async () => {
    const hanging = await startMockAkto({ faults: [{ kind: "hang" }] });
    const pending = rawRequest(`${hanging.url}/api/validate/request`, envelopeText);
    const [record] = await hanging.admin.waitForValidations(1);
    expect(record).toMatchObject({ fault: "hang", verdict: null });
    await hanging.close();
    const result = await pending;
    expect(result.response).toBeNull();
    expect(result.error).not.toBeNull();
  });
});
