import type { FailureClass, Stage } from "@akto-guardrails/core";
import type { FailMode } from "./matrix-types";

/** One measured case, as the report renders it. */
export interface FaultMatrixRow {
  readonly fault: string;
  readonly expectedFailureClass: FailureClass;
  readonly adapter: string;
  readonly failMode: FailMode;
  readonly stage: Stage;
  readonly outcome: string | undefined;
  readonly status?: number;
  readonly verdict?: boolean;
  readonly failureClass: string | undefined;
  readonly elapsedMs: number;
  readonly decisionLatencyMs: number | undefined;
  /** Everything the case asserts held. */
  readonly passed: boolean;
}

export interface FaultMatrixArtifact {
  readonly generatedAt: string;
  readonly node: string;
  readonly timeoutMs: number;
  readonly slackMs: number;
  readonly rows: ReadonlyArray<FaultMatrixRow>;
}
