import { extractRequestTexts, type Decision, type GuardResult } from "@akto-guardrails/core";
import { captureLogs } from "@akto-guardrails/test-support";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logging/create-logger";
import { sampleGuardrailEvent } from "../test-utils/sample-guardrail-event";
import { logResult } from "./log-result";

const capture = (level: "debug" | "info") => captureLogs(createLogger, level);

const SECRET_TEXT = "my card is 4111 1111 1111 1111";

function result(decision: Partial<Decision> & Pick<Decision, "action" | "outcome">, reportable: boolean): GuardResult {
  const full: Decision = { stage: "input", status: 200, flagged: false, reason: "test reason", ...decision };
  return {
    decision: full,
    body: {},
    changed: false,
    event: sampleGuardrailEvent({
      time: "2026-11-25T00:00:00.000Z",
      action: full.outcome,
      flagged: full.flagged,
      reason: full.reason,
      latencyMs: 1.5,
      ...(full.failure ? { failureClass: full.failure.class } : {}),
    }),
    reportable,
    extraction: extractRequestTexts("openai.chat", { model: "gpt-4o-mini", messages: [{ role: "user", content: SECRET_TEXT }] }),
    cached: false,
    latencyMs: 1.5,
  };
}

const allow = result({ action: "allow", outcome: "allow" }, false);
const block = result({ action: "block", outcome: "block", status: 403, flagged: true }, true);
const failedOpen = result({ action: "allow", outcome: "allow", flagged: true, failure: { class: "timeout", message: "slow" } }, true);
const circuitOpen = result({ action: "allow", outcome: "allow", flagged: true, failure: { class: "circuit_open", message: "open" } }, true);

describe("logResult", () => {
  it("should write nothing for a plain allow at the default level", () => {
    const { entries, logger } = capture("info");
    logResult(logger, allow, false);
    expect(entries()).toEqual([]);
  });

  it("should write a plain allow at debug, without prompt text", () => {
    const { entries, logger } = capture("debug");
    logResult(logger, allow, false);
    expect(entries()).toHaveLength(1);
    expect(entries()[0]).toMatchObject({ level: 20, msg: "akto guardrails allow", event: { id: "event-1", action: "allow" } });
    expect(JSON.stringify(entries()[0])).not.toContain(SECRET_TEXT);
  });

  it("should write a block at info with its reason", () => {
    const { entries, logger } = capture("info");
    logResult(logger, block, false);
    expect(entries()).toHaveLength(1);
    expect(entries()[0]).toMatchObject({ level: 30, msg: "akto guardrails block: test reason", event: { action: "block" } });
  });

  it("should write a failure at warn and keep circuit-open failures at debug", () => {
    const { entries, logger } = capture("info");
    logResult(logger, failedOpen, false);
    logResult(logger, circuitOpen, false);
    expect(entries()).toHaveLength(1);
    expect(entries()[0]).toMatchObject({ level: 40, event: { failureClass: "timeout" } });

    const debug = capture("debug");
    logResult(debug.logger, circuitOpen, false);
    expect(debug.entries()[0]).toMatchObject({ level: 20, msg: "akto guardrails allow: test reason", event: { failureClass: "circuit_open" } });
  });

  it("should include the scanned texts only when payload logging is on", () => {
    const { entries, logger } = capture("info");
    logResult(logger, block, true);
    expect(entries()[0]).toMatchObject({ texts: [SECRET_TEXT] });
  });
});
