import { randomUUID } from "node:crypto";
import { conformanceOptions, loadConformanceDocument, startConformanceAkto, type ConformanceAkto } from "@akto-guardrails/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestProxy } from "../test-utils/start-proxy";
import { startUpstreamStub, type StubUpstream } from "../test-utils/start-upstream-stub";

const document = loadConformanceDocument();
let akto: ConformanceAkto;
let upstream: StubUpstream;

beforeAll(async () => {
  [akto, upstream] = await Promise.all([startConformanceAkto(), startUpstreamStub()]);
  // The provider answers every call with the document's response (what output vectors scan).
  upstream.setHandler((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document.response));
  });
});
afterAll(async () => {
  await Promise.all([akto.close(), upstream.close()]);
});

describe("conformance vectors through the proxy over HTTP", () => {
  it.each(document.vectors.map((vector) => [vector.id, vector] as const))("%s", async (_id, vector) => {
    akto.stub.setAnswer(vector.akto);
    upstream.requests.length = 0;
    const options = conformanceOptions(vector, akto.urlFor(vector)) as Record<string, unknown>;
    // Output vectors: the stub answers every scan the same way, so the input stage is switched off.
    const proxy = await startTestProxy({
      aktoUrl: akto.stub.url,
      llmUrl: upstream.url,
      config: { ...options, ...(vector.stage === "output" ? { input: false } : {}) },
    });
    try {
      const requestId = randomUUID();
      const response = await fetch(`${proxy.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer sk-provider-key", "x-request-id": requestId },
        body: JSON.stringify(document.request),
      });
      const body = (await response.json()) as Record<string, unknown>;

      expect(response.status).toBe(vector.expect.status);
      expect(response.headers.get("x-akto-guardrails-action")).toBe(vector.expect.outcome);
      const stopped = vector.expect.status !== 200;
      if (stopped) {
        expect(body).toMatchObject({ error: { code: vector.expect.status === 403 ? "akto_guardrails_blocked" : "akto_guardrails_unavailable" } });
      }
      // An input-stage stop never reaches the provider; everything else does, exactly once.
      expect(upstream.requests).toHaveLength(stopped && vector.stage === "input" ? 0 : 1);

      const event = proxy.logs
        .entries()
        .map((line) => line["event"] as { requestId?: string; stage?: string; failureClass?: string } | undefined)
        .find((entry) => entry?.requestId === requestId && entry.stage === vector.stage);
      expect(event?.failureClass).toBe(vector.expect.failureClass);

      if (vector.expect.forwardedBody !== undefined) {
        if (vector.stage === "input") expect(JSON.parse(upstream.requests[0]!.body)).toEqual(vector.expect.forwardedBody);
        else expect(body).toEqual(vector.expect.forwardedBody);
      } else if (!stopped) {
        // Nothing to sanitize: the original request bytes and the provider's answer go through unchanged.
        if (vector.stage === "input") expect(upstream.requests[0]!.body).toBe(JSON.stringify(document.request));
        expect(body).toEqual(document.response);
      }
    } finally {
      await proxy.close();
    }
  });
});
