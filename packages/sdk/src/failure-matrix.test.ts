import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockAkto, type FaultSpec, type MockAkto } from "@akto-guardrails/mock-akto";
import { refusedUrl } from "@akto-guardrails/test-support";
import type { FailureClass } from "@akto-guardrails/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardrails } from "./guard/create-guardrails";
import { createLogger } from "./logging/create-logger";

const TIMEOUT_MS = 400;
// Generous: the deadline is what is asserted, not the machine's speed.
const MARGIN_MS = 600;

/** Every mock-akto fault and the failure class the SDK must report for it. */
const FAULTS: ReadonlyArray<readonly [string, FaultSpec | "refused", FailureClass]> = [
  ["hang", { kind: "hang" }, "timeout"],
  ["slow body", { kind: "slow_body", durationMs: 5_000 }, "timeout"],
  ["connection refused", "refused", "connection"],
  ["reset", { kind: "reset" }, "connection"],
  ["reset mid-body", { kind: "reset_mid_body" }, "connection"],
  ["401", { kind: "status", status: 401, body: "" }, "auth"],
  ["403", { kind: "status", status: 403, body: "" }, "auth"],
  ["429 with Retry-After", { kind: "status", status: 429, headers: { "Retry-After": "30" } }, "rate_limited"],
  ["500", { kind: "status", status: 500, body: { error: "Validation failed" } }, "server"],
  ["502", { kind: "status", status: 502, body: "bad gateway" }, "server"],
  ["non-JSON", { kind: "non_json" }, "malformed_response"],
  ["truncated JSON", { kind: "truncated" }, "malformed_response"],
  ["wrong field types", { kind: "wrong_types" }, "malformed_response"],
  ["backpressure fail-open answer", { kind: "backpressure" }, "server"],
  ["Java fail-open object", { kind: "fail_open_object" }, "server"],
];

const request = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] };
const response = { id: "c", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "Hi" }, finish_reason: "stop" }] };

let akto: MockAkto;
let refused: string;
beforeAll(async () => {
  akto = await startMockAkto();
  refused = await refusedUrl();
});
afterAll(async () => {
  await akto.close();
});

describe("failure class × fail mode × stage", () => {
  const cases = FAULTS.flatMap(([name, fault, failureClass]) =>
    (["open", "closed"] as const).flatMap((failMode) =>
      (["input", "output"] as const).map((stage) => [`${name} / fail-${failMode} / ${stage}`, fault, failureClass, failMode, stage] as const),
    ),
  );

  it.each(cases)("%s", async (_name, fault, failureClass, failMode, stage) => {
    akto.admin.setFaults(fault === "refused" ? [] : [fault]);
    const guardrails = createGuardrails({
      akto: { baseUrl: fault === "refused" ? refused : akto.url },
      timeoutMs: TIMEOUT_MS,
      failMode,
      output: "buffer",
      breaker: { enabled: false },
      cache: { enabled: false },
      events: { spoolDir: mkdtempSync(join(tmpdir(), "matrix-spool-")), destination: "none" },
      logger: createLogger({ level: "silent" }),
    });
    try {
      const started = Date.now();
      const context = { path: "/v1/chat/completions" };
      const result =
        stage === "input"
          ? await guardrails.checkRequest(request, context)
          : await guardrails.checkResponse(response, { ...context, request });
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      expect(result.event.failureClass).toBe(failureClass);
      expect(result.decision).toMatchObject(
        failMode === "open"
          ? { action: "allow", outcome: "fail-open", status: 200 }
          : { action: "block", outcome: "fail-closed", status: 503 },
      );
    } finally {
      await guardrails.close();
    }
  });
});
