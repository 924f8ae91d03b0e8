import {
  conformanceAktoUrl,
  conformanceOptions,
  loadConformanceDocument,
  refusedUrl,
  startAktoStub,
  type AktoStub,
} from "@akto-guardrails/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardrails } from "./guard/create-guardrails";
import { createLogger } from "./logging/create-logger";

const document = loadConformanceDocument();
let stub: AktoStub;
let refused: string;

beforeAll(async () => {
  stub = await startAktoStub();
  refused = await refusedUrl();
});
afterAll(async () => {
  await stub.close();
});

describe("conformance vectors through the sdk over HTTP", () => {
  it.each(document.vectors.map((vector) => [vector.id, vector] as const))("%s", async (_id, vector) => {
    stub.setAnswer(vector.akto);
    const guardrails = createGuardrails({
      ...conformanceOptions(vector, conformanceAktoUrl(vector, stub.url, refused)),
      logger: createLogger({ level: "silent" }),
    });
    try {
      const context = { path: "/v1/chat/completions" };
      const result =
        vector.stage === "input"
          ? await guardrails.checkRequest(document.request, context)
          : await guardrails.checkResponse(document.response, { ...context, request: document.request });
      expect(result.decision).toMatchObject({
        action: vector.expect.action,
        outcome: vector.expect.outcome,
        status: vector.expect.status,
        flagged: vector.expect.flagged,
      });
      expect(result.decision.failure?.class).toBe(vector.expect.failureClass);
      if (vector.expect.forwardedBody !== undefined) expect(result.body).toEqual(vector.expect.forwardedBody);
    } finally {
      await guardrails.close();
    }
  });
});
