import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseGuardrailsOptions } from "../options/guardrails-options";
import { runGuard } from "../pipeline/run-guard";
import { createScriptedTransport, createTestEnvironment } from "../test-utils/fake-environment";
import { conformanceAnswerText, type ConformanceDocument } from "./conformance-vector";

const document = JSON.parse(
  readFileSync(new URL("../../conformance/vectors.json", import.meta.url), "utf8"),
) as ConformanceDocument;

describe("conformance vectors", () => {
  it.each(document.vectors.map((vector) => [vector.id, vector] as const))("%s", async (_id, vector) => {
    const options = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1" }, ...vector.options });
    const answer = vector.akto;
    const scripted = createScriptedTransport(
      "fault" in answer ? { fault: answer.fault } : { status: answer.status, body: conformanceAnswerText(answer) ?? "" },
    );
    const { environment, events } = createTestEnvironment(scripted.transport);
    const body = vector.stage === "input" ? document.request : document.response;
    const result = await runGuard(
      {
        stage: vector.stage,
        body,
        ...(vector.stage === "output" ? { request: document.request } : {}),
        context: { path: "/v1/chat/completions" },
      },
      options,
      environment,
    );
    const { expect: expected } = vector;
    expect(result.decision).toMatchObject({
      action: expected.action,
      outcome: expected.outcome,
      status: expected.status,
      flagged: expected.flagged,
    });
    expect(result.decision.failure?.class).toBe(expected.failureClass);
    if (expected.rule) expect(result.decision.rule).toBe(expected.rule);
    if (expected.policy) expect(result.decision.policy).toBe(expected.policy);
    if (expected.wouldBlock) expect(result.decision.wouldBlock).toBe(true);
    if (expected.forwardedBody !== undefined) expect(result.body).toEqual(expected.forwardedBody);
    expect(scripted.sent).toHaveLength(1);
    expect(result.event.action).toBe(expected.outcome);
    expect(events.length).toBe(result.reportable ? 1 : 0);
  });
});

describe("docs/decision-table.md", () => {
  it("should be up to date with the vectors", () => {
    const script = new URL("../../scripts/decision-table.mjs", import.meta.url).pathname;
    expect(() => execFileSync(process.execPath, [script, "--check"], { stdio: "pipe" })).not.toThrow();
  });
});
