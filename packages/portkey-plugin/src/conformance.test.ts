import type { ConformanceVector, GuardrailsOptions } from "@akto-guardrails/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAktoPluginHandler } from "./plugin/create-akto-plugin-handler";
import type { PluginHandlerResponse } from "./portkey/portkey-types";
import { loadConformanceDocument, startConformanceAkto, type ConformanceAkto } from "@akto-guardrails/test-support";
import { AFTER, BEFORE, portkeyContext } from "./test-utils/portkey-contexts";
import { createStandaloneWebhookHandler } from "./webhook/create-standalone-webhook-handler";

const document = loadConformanceDocument();
const TIMEOUT_MS = 300;

/** A vector's core options as Portkey check parameters: each hook is its own check, so the stage's fail mode is the check's. */
function parametersFor(vector: ConformanceVector, baseUrl: string): Record<string, unknown> {
  const options = vector.options as GuardrailsOptions;
  const output = typeof options.output === "object" ? options.output : undefined;
  const failMode = vector.stage === "output" && output?.failMode !== undefined ? output.failMode : options.failMode;
  return {
    credentials: { baseUrl, apiKey: "conformance-key" },
    timeout: TIMEOUT_MS,
    ...(failMode === undefined ? {} : { failMode }),
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  };
}

function contextFor(vector: ConformanceVector) {
  return vector.stage === "input"
    ? portkeyContext("chatComplete", document.request)
    : portkeyContext("chatComplete", document.request, { response: document.response });
}

function webhookBodyFor(vector: ConformanceVector) {
  const { headers: _headers, ...request } = contextFor(vector).request ?? {};
  return { ...contextFor(vector), request, eventType: vector.stage === "input" ? BEFORE : AFTER };
}

/** The body a vector expects to be rewritten to; `undefined` when the original body goes on unchanged. */
function expectedRewrite(vector: ConformanceVector): unknown {
  const original = vector.stage === "input" ? document.request : document.response;
  const forwarded = vector.expect.forwardedBody;
  return forwarded === undefined || JSON.stringify(forwarded) === JSON.stringify(original) ? undefined : forwarded;
}

function expectedVerdict(vector: ConformanceVector): boolean {
  return vector.expect.action !== "block";
}

const vectors = document.vectors.map((vector) => [vector.id, vector] as const);

describe("conformance vectors", () => {
  let akto: ConformanceAkto;
  beforeAll(async () => {
    akto = await startConformanceAkto();
  });
  afterAll(async () => {
    await akto.close();
  });
  beforeEach(() => {
    akto.stub.requests.length = 0;
  });

  const aktoUrl = (vector: ConformanceVector) => akto.urlFor(vector);

  describe("through the plugin handler", () => {
    it.each(vectors)("%s", async (_id, vector) => {
      akto.stub.setAnswer(vector.akto);
      const handler = createAktoPluginHandler({ breaker: false });
      const result: PluginHandlerResponse = await handler(contextFor(vector), parametersFor(vector, aktoUrl(vector)), vector.stage === "input" ? BEFORE : AFTER);
      const { expect: expected } = vector;

      expect(result.verdict).toBe(expectedVerdict(vector));
      expect(result.data).toMatchObject({ stage: vector.stage, action: expected.action, outcome: expected.outcome });
      expect((result.data as { failureClass?: string }).failureClass).toBe(expected.failureClass);
      if (expected.rule) expect(result.data).toMatchObject({ rule: expected.rule });
      if (expected.policy) expect(result.data).toMatchObject({ policy: expected.policy });
      if (expected.wouldBlock) expect((result.data as { reason: string }).reason).toMatch(/^Would have blocked/);
      // A failure behind the decision is always an Error; a policy decision never is.
      expect(result.error === null).toBe(expected.failureClass === undefined);
      if (expected.outcome === "fail-closed") expect(result.error).toBeInstanceOf(Error);

      const half = vector.stage === "input" ? result.transformedData.request : result.transformedData.response;
      const rewrite = expectedRewrite(vector);
      if (rewrite !== undefined) {
        expect(result.transformed).toBe(true);
        expect(half.json).toEqual(rewrite);
      } else {
        expect(result.transformed).toBe(false);
        expect(half.json).toBeNull();
      }
      expect(akto.stub.requests).toHaveLength(aktoUrl(vector) === akto.stub.url ? 1 : 0);
      if (akto.stub.requests[0]) expect(akto.stub.requests[0].path).toBe(vector.stage === "input" ? "/api/validate/request" : "/api/validate/response");
    });
  });

  describe("through the standalone webhook", () => {
    it.each(vectors)("%s", async (_id, vector) => {
      akto.stub.setAnswer(vector.akto);
      const handle = createStandaloneWebhookHandler({
        guardrails: { timeoutMs: TIMEOUT_MS, ...(vector.options as GuardrailsOptions), akto: { baseUrl: aktoUrl(vector) } },
      });
      const response = await handle({ headers: {}, body: webhookBodyFor(vector) });
      const { expect: expected } = vector;
      expect(response.status).toBe(200);
      const body = response.body as { verdict: boolean; data: Record<string, unknown>; transformedData?: { request: { json: unknown }; response: { json: unknown } } };
      expect(body.verdict).toBe(expectedVerdict(vector));
      expect(body.data).toMatchObject({ action: expected.action, outcome: expected.outcome });
      expect(body.data["failureClass"]).toBe(expected.failureClass);
      const rewrite = expectedRewrite(vector);
      if (rewrite !== undefined) {
        const half = vector.stage === "input" ? body.transformedData?.request : body.transformedData?.response;
        expect(half?.json).toEqual(rewrite);
      } else {
        expect(body.transformedData).toBeUndefined();
      }
    });
  });
});
