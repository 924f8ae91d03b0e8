import type { Stage } from "@akto-guardrails/core";
import { expressDriver } from "./support/drivers/express-driver";
import { portkeyPluginDriver } from "./support/drivers/portkey-plugin-driver";
import { portkeyWebhookDriver } from "./support/drivers/portkey-webhook-driver";
import { proxyDriver } from "./support/drivers/proxy-driver";
import { sdkDriver } from "./support/drivers/sdk-driver";
import type { AdapterDriver, FailMode, MatrixFault } from "./support/matrix-types";

/**
 * The one table the fault matrix is generated from (issue #8, item 1): every mock-akto fault, every adapter,
 * both fail modes, both stages. The test runs the cross product; the report script renders it into RELIABILITY.md.
 */

/** The guard deadline of every case. */
export const MATRIX_TIMEOUT_MS = 300;
/** The client must have its answer within the deadline plus this. */
export const MATRIX_SLACK_MS = 100;

/** Every Akto fault and the failure class core must report for it. */
export const FAULTS: ReadonlyArray<MatrixFault> = [
  { name: "hang (no answer)", spec: { kind: "hang" }, failureClass: "timeout" },
  { name: "slow body (dribbled past the deadline)", spec: { kind: "slow_body", durationMs: 3_000 }, failureClass: "timeout" },
  { name: "connection refused", spec: "refused", failureClass: "connection" },
  { name: "reset before the answer", spec: { kind: "reset" }, failureClass: "connection" },
  { name: "reset mid-response", spec: { kind: "reset_mid_body" }, failureClass: "connection" },
  { name: "401", spec: { kind: "status", status: 401, body: "" }, failureClass: "auth" },
  { name: "403", spec: { kind: "status", status: 403, body: "" }, failureClass: "auth" },
  { name: "429 with Retry-After: 30", spec: { kind: "status", status: 429, headers: { "Retry-After": "30" } }, failureClass: "rate_limited" },
  { name: "500", spec: { kind: "status", status: 500 }, failureClass: "server" },
  { name: "502 (text body)", spec: { kind: "status", status: 502, body: "bad gateway" }, failureClass: "server" },
  { name: "non-JSON 200 (HTML page)", spec: { kind: "non_json" }, failureClass: "malformed_response" },
  { name: "truncated JSON", spec: { kind: "truncated" }, failureClass: "malformed_response" },
  { name: "wrong field types", spec: { kind: "wrong_types" }, failureClass: "malformed_response" },
  { name: "backpressure fail-open answer", spec: { kind: "backpressure" }, failureClass: "server" },
  { name: "Java fail-open object", spec: { kind: "fail_open_object" }, failureClass: "server" },
];

export const ADAPTERS: ReadonlyArray<AdapterDriver> = [sdkDriver, proxyDriver, expressDriver, portkeyPluginDriver, portkeyWebhookDriver];

export const FAIL_MODES: ReadonlyArray<FailMode> = ["open", "closed"];

export const STAGES: ReadonlyArray<Stage> = ["input", "output"];

/** What the client of an adapter must get, per core's failure policy. */
export interface MatrixExpectation {
  readonly outcome: "fail-open" | "fail-closed";
  /** HTTP status seen by the client (the sdk: `decision.status`); the webhook always answers 200 with a verdict. */
  readonly status?: number;
  readonly verdict?: boolean;
  /** Input stage of the proxy and Express: whether the call reaches the handler / upstream. */
  readonly forwarded?: boolean;
}

export function expectationFor(adapter: AdapterDriver, failMode: FailMode, stage: Stage): MatrixExpectation {
  const outcome = failMode === "open" ? "fail-open" : "fail-closed";
  switch (adapter.kind) {
    case "http":
      return {
        outcome,
        status: failMode === "open" ? 200 : 503,
        ...(adapter.name !== "sdk" && stage === "input" ? { forwarded: failMode === "open" } : {}),
      };
    case "portkey-plugin":
      return { outcome, verdict: failMode === "open" };
    case "portkey-webhook":
      return { outcome, status: 200, verdict: failMode === "open" };
  }
}

/** One case of the cross product. */
export interface MatrixCase {
  readonly fault: MatrixFault;
  readonly adapter: AdapterDriver;
  readonly failMode: FailMode;
  readonly stage: Stage;
}

export const MATRIX_CASES: ReadonlyArray<MatrixCase> = FAULTS.flatMap((fault) =>
  ADAPTERS.flatMap((adapter) => FAIL_MODES.flatMap((failMode) => STAGES.map((stage) => ({ fault, adapter, failMode, stage })))),
);
