import { startMockAkto, type MockAkto } from "@akto-guardrails/mock-akto";
import { startMockLlm, type MockLlm } from "@akto-guardrails/mock-llm";
import { afterAll, afterEach, beforeAll } from "vitest";

export interface ProxyMocks {
  readonly akto: MockAkto;
  readonly llm: MockLlm;
}

/**
 * mock-akto and mock-llm for one test file: started before all tests, their records and faults cleared after
 * each, closed after all (after the file's own `afterAll`, which closes its proxies). Call it at the top level.
 */
export function useProxyMocks(): ProxyMocks {
  let akto: MockAkto | undefined;
  let llm: MockLlm | undefined;
  beforeAll(async () => {
    [akto, llm] = await Promise.all([startMockAkto(), startMockLlm()]);
  });
  afterEach(() => {
    akto?.admin.clear();
    akto?.admin.clearFaults();
    llm?.admin.clear();
  });
  afterAll(async () => {
    await Promise.all([akto?.close(), llm?.close()]);
  });
  const started = <T>(mock: T | undefined): T => {
    if (mock === undefined) throw new Error("the mocks are not started yet (use them inside hooks and tests)");
    return mock;
  };
  return {
    get akto() {
      return started(akto);
    },
    get llm() {
      return started(llm);
    },
  };
}
