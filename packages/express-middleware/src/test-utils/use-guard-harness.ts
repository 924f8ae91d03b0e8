import { startMockAkto, type MockAkto } from "@akto-guardrails/mock-akto";
import { afterAll, afterEach, beforeAll } from "vitest";
import { aktoGuardrails, type AktoGuardrailsMiddleware } from "../akto-guardrails";
import type { AktoGuardrailsOptions } from "../options/akto-guardrails-options";
import { silentLogger, type RunningApp } from "./start-app";

export interface GuardHarness {
  /** The mock-akto of this test file (started before all tests). */
  readonly akto: MockAkto;
  /** A middleware against that mock-akto: the file's defaults, then `options`. Closed after each test. */
  guard(options?: Partial<AktoGuardrailsOptions>): AktoGuardrailsMiddleware;
  /** Closes the app after the test. */
  track(app: RunningApp): RunningApp;
}

/**
 * One mock-akto per test file, and cleanup after each test: apps closed, middlewares closed (flushing
 * events), mock-akto's records and faults cleared. Call it at the top level of a test file.
 */
export function useGuardHarness(defaults: Partial<AktoGuardrailsOptions> = {}): GuardHarness {
  let akto: MockAkto | undefined;
  const running: RunningApp[] = [];
  const middlewares: AktoGuardrailsMiddleware[] = [];

  beforeAll(async () => {
    akto = await startMockAkto();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.close()));
    await Promise.all(middlewares.splice(0).map((middleware) => middleware.close()));
    akto?.admin.clear();
    akto?.admin.clearFaults();
  });
  afterAll(async () => {
    await akto?.close();
  });

  const harness: GuardHarness = {
    get akto(): MockAkto {
      if (!akto) throw new Error("mock-akto is not started yet (use the harness inside tests)");
      return akto;
    },
    guard(options = {}) {
      const middleware = aktoGuardrails({
        akto: { baseUrl: harness.akto.url },
        events: { destination: "none" },
        logger: silentLogger(),
        ...defaults,
        ...options,
      } as AktoGuardrailsOptions);
      middlewares.push(middleware);
      return middleware;
    },
    track(app) {
      running.push(app);
      return app;
    },
  };
  return harness;
}
