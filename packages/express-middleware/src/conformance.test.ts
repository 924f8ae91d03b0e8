import type { ConformanceVector } from "@akto-guardrails/core";
import { conformanceOptions, loadConformanceDocument, startConformanceAkto, type ConformanceAkto } from "@akto-guardrails/test-support";
import type { NextFunction, Request, Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aktoGuardrails, type AktoGuardrailsMiddleware } from "./akto-guardrails";
import type { AktoGuardrailsOptions } from "./options/akto-guardrails-options";
import { EXPRESS_VERSIONS, post, silentLogger, startApp, type RunningApp } from "./test-utils/start-app";

const document = loadConformanceDocument();
let akto: ConformanceAkto;
/** Each app delegates to the middleware of the vector under test. */
let current: AktoGuardrailsMiddleware | undefined;
const apps: RunningApp[] = [];
const urls = new Map<string, string>();

beforeAll(async () => {
  akto = await startConformanceAkto();
  for (const [name, express] of EXPRESS_VERSIONS) {
    const app = express();
    app.use((request: Request, response: Response, next: NextFunction) => current!(request, response, next));
    app.use((request, response) => {
      if (request.headers["x-stage"] === "output") {
        response.json(document.response);
        return;
      }
      response.json({ received: request.body, decision: request.aktoGuardrails?.decision });
    });
    const started = await startApp(app);
    apps.push(started);
    urls.set(name, started.url);
  }
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await akto.close();
});

function middlewareFor(vector: ConformanceVector): AktoGuardrailsMiddleware {
  const options = conformanceOptions(vector, akto.urlFor(vector));
  // The stub answers every call the same way, so output vectors switch the input check off.
  return aktoGuardrails({ ...options, ...(vector.stage === "output" ? { input: false } : {}), logger: silentLogger() } as AktoGuardrailsOptions);
}

const cases = EXPRESS_VERSIONS.flatMap(([name]) => document.vectors.map((vector) => [name, vector.id, vector] as const));

describe("conformance vectors through aktoGuardrails", () => {
  it.each(cases)("%s: %s", async (name, _id, vector) => {
    akto.stub.setAnswer(vector.akto);
    current = middlewareFor(vector);
    try {
      const answer = await post(`${urls.get(name)}/v1/chat/completions`, document.request, { "x-stage": vector.stage });
      const { expect: expected } = vector;
      expect(answer.status).toBe(expected.status);
      expect(answer.headers.get("x-akto-guardrails-action")).toBe(expected.outcome);

      if (expected.status !== 200) {
        expect(answer.json).toEqual({
          error: {
            message: expect.stringContaining(expected.status === 503 ? `unavailable (${expected.failureClass})` : "blocked by Akto guardrails"),
            type: expected.status === 503 ? "guardrails_unavailable" : "guardrails_violation",
            param: null,
            code: expected.status === 503 ? "akto_guardrails_unavailable" : "akto_guardrails_blocked",
          },
        });
        expect(answer.text).not.toContain("jane@example.com");
        return;
      }
      if (vector.stage === "input") {
        const echoed = answer.json as { received: unknown; decision: Record<string, unknown> & { failure?: { class: string } } };
        expect(echoed.decision).toMatchObject({ action: expected.action, outcome: expected.outcome, flagged: expected.flagged });
        expect(echoed.decision.failure?.class).toBe(expected.failureClass);
        if (expected.wouldBlock !== undefined) expect(echoed.decision["wouldBlock"]).toBe(expected.wouldBlock);
        expect(echoed.received).toEqual(expected.forwardedBody ?? document.request);
      } else {
        expect(answer.json).toEqual(expected.forwardedBody ?? document.response);
      }
    } finally {
      await current.close();
    }
  });
});
