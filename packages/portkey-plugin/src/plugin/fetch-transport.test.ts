import { GuardrailError } from "@akto-guardrails/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusedUrl, startAktoStub, type AktoStub } from "@akto-guardrails/test-support";
import { createFetchTransport } from "./fetch-transport";

const request = { stage: "input" as const, path: "/api/validate/request", body: '{"path":"/v1/chat/completions"}', headers: { "content-type": "application/json" } };

describe("createFetchTransport", () => {
  let stub: AktoStub;
  beforeAll(async () => {
    stub = await startAktoStub();
  });
  afterAll(async () => {
    await stub.close();
  });

  it("should post the envelope with the credential and resolve any HTTP answer", async () => {
    stub.setAnswer({ status: 503, raw: "busy" });
    const transport = createFetchTransport({ baseUrl: stub.url, apiKey: "key-1", authScheme: "bearer" });
    await expect(transport.send(request, { timeoutMs: 1000 })).resolves.toEqual({ status: 503, body: "busy" });
    const sent = stub.requests.at(-1)!;
    expect(sent).toMatchObject({ method: "POST", path: "/api/validate/request", body: request.body });
    expect(sent.headers["authorization"]).toBe("Bearer key-1");
    expect(sent.headers["content-type"]).toBe("application/json");
  });

  it("should send a raw key, or none", async () => {
    stub.setAnswer({ status: 200, body: {} });
    await createFetchTransport({ baseUrl: stub.url, apiKey: "key-2", authScheme: "raw" }).send(request, { timeoutMs: 1000 });
    expect(stub.requests.at(-1)?.headers["authorization"]).toBe("key-2");
    await createFetchTransport({ baseUrl: stub.url, authScheme: "bearer" }).send(request, { timeoutMs: 1000 });
    expect(stub.requests.at(-1)?.headers["authorization"]).toBeUndefined();
  });

  it("should not follow redirects", async () => {
    stub.setAnswer({ status: 302, body: "", headers: { location: "http://127.0.0.1:1/elsewhere" } });
    const response = await createFetchTransport({ baseUrl: stub.url, authScheme: "bearer" }).send(request, { timeoutMs: 1000 });
    expect(response.status).toBe(302);
  });

  it("should reject with a timeout failure when Akto does not answer in time", async () => {
    stub.setAnswer({ fault: "timeout" });
    const error = await createFetchTransport({ baseUrl: stub.url, authScheme: "bearer" })
      .send(request, { timeoutMs: 50 })
      .catch((caught: unknown) => caught);
    expect(GuardrailError.isInstance(error) && error.failureClass).toBe("timeout");
  });

  it("should reject with a connection failure when nothing listens", async () => {
    const error = await createFetchTransport({ baseUrl: await refusedUrl(), authScheme: "bearer" })
      .send(request, { timeoutMs: 1000 })
      .catch((caught: unknown) => caught);
    expect(GuardrailError.isInstance(error) && error.failureClass).toBe("connection");
    expect((error as Error).message).toContain("ECONNREFUSED");
  });

  it("should abort when the caller's signal fires", async () => {
    stub.setAnswer({ fault: "timeout" });
    const controller = new AbortController();
    const pending = createFetchTransport({ baseUrl: stub.url, authScheme: "bearer" }).send(request, { timeoutMs: 10_000, signal: controller.signal });
    const before = stub.requests.length;
    await stub.waitForRequests(before + 1);
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    expect(GuardrailError.isInstance(error) && error.failureClass).toBe("connection");
  });

  it("should use the global fetch at call time", async () => {
    const calls: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (url: string) => {
      calls.push(url);
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    try {
      const transport = createFetchTransport({ baseUrl: "http://akto.invalid", authScheme: "bearer" });
      await transport.send(request, { timeoutMs: 1000 });
    } finally {
      globalThis.fetch = original;
    }
    expect(calls).toEqual(["http://akto.invalid/api/validate/request"]);
  });
});
