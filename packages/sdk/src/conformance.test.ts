import { conformanceOptions, loadConformanceDocument, startConformanceAkto, type ConformanceAkto } from "@akto-guardrails/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardrails } from "./guard/create-guardrails";
import { createLogger } from "./logging/create-logger";

const document = loadConformanceDocument();
let akto: ConformanceAkto;

beforeAll(async () => {
  akto = await startConformanceAkto();
});
afterAll(async () => {
  await akto.close();
});

describe("conformance vectors through the sdk over HTTP", () => {
  it.each(document.vectors.map((vector) => [vector.id, vector] as const))("%s", async (_id, vector) => {
    akto.stub.setAnswer(vector.akto);
    const guardrails = createGuardrails({
      ...conformanceOptions(vector, akto.urlFor(vector)),
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
