import { describe, expect, it } from "vitest";
import { parseGuardrailsOptions } from "../options/guardrails-options";
import { buildAktoRequest, toAktoPayload } from "./build-envelope";
import { stripCredentialHeaders } from "./credential-headers";

const options = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1", contextSource: "AGENTIC" } });
const chat = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };
const headers = {
  authorization: "Bearer sk-client",
  "x-api-key": "sk-ant",
  "api-key": "azure",
  cookie: "session=1",
  "x-portkey-config": '{"api_key":"sk"}',
  "openai-organization": "org-1",
  "user-agent": "OpenAI/JS 6",
  "x-multi": ["a", "b"],
};

describe("buildAktoRequest", () => {
  it("should build the validate/request envelope with every field a string except skipThreat", () => {
    const request = buildAktoRequest(
      {
        stage: "input",
        requestPayload: toAktoPayload(chat),
        context: { path: "/v1/chat/completions", headers, ip: "10.0.0.1", sessionId: "s-1", requestId: "r-1" },
        now: 1_700_000_000_000,
      },
      options,
    );
    expect(request.path).toBe("/api/validate/request");
    const envelope = JSON.parse(request.body) as Record<string, unknown>;
    for (const [key, value] of Object.entries(envelope)) {
      expect(typeof value, key).toBe(key === "skipThreat" ? "boolean" : "string");
    }
    expect(JSON.parse(envelope["requestPayload"] as string)).toEqual({ body: chat });
    expect(envelope).toMatchObject({ path: "/v1/chat/completions", method: "POST", ip: "10.0.0.1", contextSource: "AGENTIC", skipThreat: true });
    const sentHeaders = JSON.parse(envelope["requestHeaders"] as string) as Record<string, string>;
    expect(sentHeaders).toEqual({
      "openai-organization": "org-1",
      "user-agent": "OpenAI/JS 6",
      "x-multi": "a, b",
      "x-session-id": "s-1",
      "x-request-id": "r-1",
    });
    expect(request.headers).toEqual({ "content-type": "application/json", "x-session-id": "s-1", "x-request-id": "r-1" });
    expect(request.body).not.toMatch(/sk-client|sk-ant|azure|session=1/);
  });

  it("should put the response in responsePayload and the request as context for output scans", () => {
    const request = buildAktoRequest(
      {
        stage: "output",
        requestPayload: toAktoPayload(chat),
        responsePayload: toAktoPayload({ choices: [] }),
        context: { path: "/v1/chat/completions", statusCode: 200 },
        now: 0,
      },
      options,
    );
    expect(request.path).toBe("/api/validate/response");
    const envelope = JSON.parse(request.body) as Record<string, string>;
    expect(JSON.parse(envelope["responsePayload"]!)).toEqual({ body: { choices: [] } });
    expect(envelope["statusCode"]).toBe("200");
  });

  it("should target /api/http-proxy with the stage flag and always send requestPayload", () => {
    const proxyOptions = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1", endpoint: "http-proxy" } });
    const input = buildAktoRequest({ stage: "input", requestPayload: "{}", context: { path: "/v1/x" }, now: 0 }, proxyOptions);
    const output = buildAktoRequest({ stage: "output", responsePayload: "{}", context: { path: "/v1/x" }, now: 0 }, proxyOptions);
    expect(input.path).toBe("/api/http-proxy?guardrails=true");
    expect(output.path).toBe("/api/http-proxy?response_guardrails=true");
    expect(JSON.parse(output.body)).toHaveProperty("requestPayload");
  });
});

describe("stripCredentialHeaders", () => {
  it("should drop credentials and prototype keys", () => {
    const stripped = stripCredentialHeaders(JSON.parse('{"__proto__":{"x":1},"Proxy-Authorization":"b","X-Goog-Api-Key":"k","Host":"api.openai.com"}'));
    expect(stripped).toEqual({ host: "api.openai.com" });
    expect(Object.getPrototypeOf(stripped)).toBe(Object.prototype);
  });
});
