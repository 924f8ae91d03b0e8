import { errorCodeForFailureClass } from "@akto-guardrails/core";
import { startMockAkto, type MockAkto } from "@akto-guardrails/mock-akto";
import { startMockLlm, type MockLlm } from "@akto-guardrails/mock-llm";
import { refusedUrl } from "@akto-guardrails/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADAPTERS, expectationFor, FAULTS, MATRIX_CASES, MATRIX_SLACK_MS, MATRIX_TIMEOUT_MS, type MatrixCase } from "./fault-matrix.table";
import type { FaultMatrixArtifact, FaultMatrixRow } from "./support/fault-matrix-results";
import type { MatrixEnvironment } from "./support/matrix-types";
import { reportRequested, writeReportArtifact } from "./support/report-artifact";
import { createTempRoot, type TempRoot } from "./support/temp-root";

/**
 * Issue #8, item 1: every adapter × every Akto fault × fail mode × stage, generated from fault-matrix.table.ts.
 * Each fault has its own mock-akto with the fault set permanently, so a case never sees another case's fault.
 * Cases run one after another so the elapsed times are not inflated by each other.
 */

let collector: MockAkto;
let llm: MockLlm;
let temp: TempRoot;
let refused: string;
let environment: MatrixEnvironment;
const aktoByFault = new Map<string, MockAkto>();
const rows: FaultMatrixRow[] = [];

beforeAll(async () => {
  temp = createTempRoot("fault-matrix");
  [collector, llm, refused] = await Promise.all([startMockAkto(), startMockLlm(), refusedUrl()]);
  environment = { llm, collector, newSpoolDir: () => temp.directory("spool") };
  await Promise.all(
    FAULTS.map(async (fault) => {
      if (fault.spec === "refused") return;
      aktoByFault.set(fault.name, await startMockAkto({ faults: [fault.spec] }));
    }),
  );
  // One untimed call per adapter and stage first (Akto answering 500, fail-open: the whole path runs): the first call
  // in a fresh process pays for JIT compilation and lazy module set-up, which says nothing about the deadline.
  const warmUp = await startMockAkto({ faults: [{ kind: "status", status: 500 }] });
  try {
    for (const adapter of ADAPTERS) {
      for (const stage of ["input", "output"] as const) {
        await adapter.run({ aktoUrl: warmUp.url, failMode: "open", stage, timeoutMs: MATRIX_TIMEOUT_MS, environment });
      }
    }
  } finally {
    await warmUp.close();
  }
});

afterAll(async () => {
  if (reportRequested() && rows.length > 0) {
    const artifact: FaultMatrixArtifact = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      timeoutMs: MATRIX_TIMEOUT_MS,
      slackMs: MATRIX_SLACK_MS,
      rows,
    };
    writeReportArtifact("fault-matrix", artifact);
  }
  await Promise.all([...aktoByFault.values()].map((akto) => akto.close()));
  await Promise.all([collector?.close(), llm?.close()]);
  temp?.remove();
});

const caseName = ({ fault, adapter, failMode, stage }: MatrixCase) => `${adapter.name} / ${stage} / fail-${failMode} / ${fault.name}`;

describe("fault matrix: every adapter × Akto fault × fail mode × stage", () => {
  it.each(MATRIX_CASES.map((matrixCase) => [caseName(matrixCase), matrixCase] as const))("%s", async (_name, matrixCase) => {
    const { fault, adapter, failMode, stage } = matrixCase;
    const aktoUrl = fault.spec === "refused" ? refused : aktoByFault.get(fault.name)!.url;
    const result = await adapter.run({ aktoUrl, failMode, stage, timeoutMs: MATRIX_TIMEOUT_MS, environment });
    const expected = expectationFor(adapter, failMode, stage);
    const row: FaultMatrixRow = {
      fault: fault.name,
      expectedFailureClass: fault.failureClass,
      adapter: adapter.name,
      failMode,
      stage,
      outcome: result.outcome,
      ...(result.status === undefined ? {} : { status: result.status }),
      ...(result.verdict === undefined ? {} : { verdict: result.verdict }),
      failureClass: result.failureClass,
      elapsedMs: Math.round(result.elapsedMs * 10) / 10,
      decisionLatencyMs: result.decisionLatencyMs,
      passed: false,
    };
    rows.push(row);

    expect(result.outcome).toBe(expected.outcome);
    if (expected.status !== undefined) expect(result.status).toBe(expected.status);
    if (expected.verdict !== undefined) expect(result.verdict).toBe(expected.verdict);
    if (expected.forwarded !== undefined) expect(result.forwarded).toBe(expected.forwarded);
    // The event of the decision names the failure class (posted to the collector, or Portkey's data).
    expect(result.failureClass).toBe(fault.failureClass);
    // The proxy also counts it on /metrics, under that class only.
    if (adapter.name === "proxy") expect(result.failureCounters).toEqual({ [fault.failureClass]: 1 });
    // The Portkey plugin returns an Error in both modes, so failOnError can make fail-closed count.
    if (adapter.kind === "portkey-plugin") expect(result.errorCode).toBe(errorCodeForFailureClass(fault.failureClass));
    // The client has its answer within the deadline plus the slack, and so does the adapter's own decision clock.
    expect(result.elapsedMs).toBeLessThanOrEqual(MATRIX_TIMEOUT_MS + MATRIX_SLACK_MS);
    expect(result.decisionLatencyMs).toBeDefined();
    expect(result.decisionLatencyMs!).toBeLessThanOrEqual(MATRIX_TIMEOUT_MS + MATRIX_SLACK_MS);
    rows[rows.length - 1] = { ...row, passed: true };
  });
});
