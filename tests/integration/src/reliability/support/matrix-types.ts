import type { FailureClass, Stage } from "@akto-guardrails/core";
import type { MockAkto, FaultSpec } from "@akto-guardrails/mock-akto";
import type { MockLlm } from "@akto-guardrails/mock-llm";

export type FailMode = "open" | "closed";

/** One Akto fault of the matrix: a mock-akto fault spec (or a closed port) and the failure class it must be reported as. */
export interface MatrixFault {
  readonly name: string;
  readonly spec: FaultSpec | "refused";
  readonly failureClass: FailureClass;
}

/** Shared services every driver may use; created once per matrix run. */
export interface MatrixEnvironment {
  /** The LLM behind the proxy. */
  readonly llm: MockLlm;
  /** A healthy mock-akto that receives the guardrail events (`events.url`) of the sdk, the proxy and Express. */
  readonly collector: MockAkto;
  /** A fresh event spool directory for one case (under a temp root removed after the run). */
  newSpoolDir(): string;
}

export interface DriverInput {
  /** Akto as the adapter sees it: a faulty mock-akto or a refused port. */
  readonly aktoUrl: string;
  readonly failMode: FailMode;
  readonly stage: Stage;
  /** The guard deadline (`timeoutMs` / Portkey `timeout`). */
  readonly timeoutMs: number;
  readonly environment: MatrixEnvironment;
}

/** What one real call through an adapter produced. */
export interface DriverResult {
  /** The decision outcome as the adapter reports it (header, decision, or Portkey `data.outcome`). */
  readonly outcome: string | undefined;
  /** The HTTP status the client saw (the sdk: `decision.status`); absent for the in-process Portkey handler. */
  readonly status?: number;
  /** Portkey plugin and webhook: the check verdict. */
  readonly verdict?: boolean;
  /** Portkey plugin: the `Error` code in the result (`ERR_AKTO_TIMEOUT`, ...). */
  readonly errorCode?: string;
  /** The failure class recorded in the adapter's event (posted event, or Portkey `data.failureClass`). */
  readonly failureClass: string | undefined;
  /** Wall time of the client call, measured by the caller. */
  readonly elapsedMs: number;
  /** The adapter's own decision latency (`GuardResult.latencyMs`, `x-akto-guardrails-latency-ms`, Portkey `data.latencyMs`). */
  readonly decisionLatencyMs: number | undefined;
  /** Input stage: whether the call went on to the handler / upstream (undefined where there is none). */
  readonly forwarded?: boolean;
  /** The proxy: `akto_guardrails_failures_total` by class, scraped from `/metrics` after the call. */
  readonly failureCounters?: Readonly<Record<string, number>>;
}

/** One adapter of the matrix: performs exactly one real call through it. */
export interface AdapterDriver {
  readonly name: string;
  /** `http`: the client gets 200 or 503; `portkey`: a verdict (true / false + Error). */
  readonly kind: "http" | "portkey-plugin" | "portkey-webhook";
  run(input: DriverInput): Promise<DriverResult>;
}
