import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestProxy, type TestProxy } from "../test-utils/start-proxy";
import type { MockAkto } from "@akto-guardrails/mock-akto";
import { useProxyMocks } from "../test-utils/use-proxy-mocks";

type FaultSpec = Parameters<MockAkto["admin"]["setFaults"]>[0][number];

const TIMEOUT_MS = 300;
// Generous: the machine is shared, and the sdk may retry once within the deadline.
const MARGIN_MS = 2_500;

/** Every mock-akto fault mode and the failure class it must be reported as. */
const FAULTS: ReadonlyArray<{ readonly name: string; readonly fault: Omit<FaultSpec, "route">; readonly failureClass: string }> = [
  { name: "hang", fault: { kind: "hang" }, failureClass: "timeout" },
  { name: "latency over the deadline", fault: { kind: "latency", latencyMs: 5_000 }, failureClass: "timeout" },
  { name: "slow_body over the deadline", fault: { kind: "slow_body", durationMs: 5_000 }, failureClass: "timeout" },
  { name: "status 500", fault: { kind: "status", status: 500 }, failureClass: "server" },
  { name: "status 503", fault: { kind: "status", status: 503 }, failureClass: "server" },
  { name: "status 401", fault: { kind: "status", status: 401 }, failureClass: "auth" },
  { name: "status 429", fault: { kind: "status", status: 429 }, failureClass: "rate_limited" },
  { name: "status 400", fault: { kind: "status", status: 400 }, failureClass: "client" },
  { name: "reset", fault: { kind: "reset" }, failureClass: "connection" },
  { name: "reset_mid_body", fault: { kind: "reset_mid_body" }, failureClass: "connection" },
  { name: "non_json", fault: { kind: "non_json" }, failureClass: "malformed_response" },
  { name: "truncated", fault: { kind: "truncated" }, failureClass: "malformed_response" },
  { name: "wrong_types", fault: { kind: "wrong_types" }, failureClass: "malformed_response" },
  { name: "backpressure", fault: { kind: "backpressure" }, failureClass: "server" },
  { name: "fail_open_object", fault: { kind: "fail_open_object" }, failureClass: "server" },
];

const mocks = useProxyMocks();
const proxies = new Map<string, TestProxy>();

beforeAll(async () => {
  for (const stage of ["input", "output"] as const) {
    for (const failMode of ["open", "closed"] as const) {
      const config = { timeoutMs: TIMEOUT_MS, failMode, ...(stage === "output" ? { output: "buffer" } : {}) };
      proxies.set(`${stage}-${failMode}`, await startTestProxy({ aktoUrl: mocks.akto.url, llmUrl: mocks.llm.url, config }));
    }
  }
});
afterAll(async () => {
  await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
});

/** The failure class the sdk logged for this request at this stage. */
function failureClassLogged(proxy: TestProxy, requestId: string, stage: string): unknown {
  const events = proxy.logs.entries().map((line) => line["event"] as { requestId?: string; stage?: string; failureClass?: string } | undefined);
  return events.find((event) => event?.requestId === requestId && event.stage === stage)?.failureClass;
}

describe.each(["input", "output"] as const)("every mock-akto fault at the %s stage", (stage) => {
  const route = stage === "input" ? "/api/validate/request" : "/api/validate/response";

  describe.each(["open", "closed"] as const)("failing %s", (failMode) => {
    it.each(FAULTS.map((entry) => [entry.name, entry] as const))("%s", async (_name, { fault, failureClass }) => {
      const proxy = proxies.get(`${stage}-${failMode}`)!;
      mocks.akto.admin.setFaults([{ ...fault, route }]);
      const requestId = randomUUID();
      const started = performance.now();
      const response = await fetch(`${proxy.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer sk-provider-key", "x-request-id": requestId },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "[[reply:The weather is mild.]]" }] }),
      });
      const body = (await response.json()) as { error?: { message: string; code: string }; choices?: Array<{ message: { content: string } }> };
      const elapsed = performance.now() - started;

      expect(elapsed).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      expect(response.headers.get("x-request-id")).toBe(requestId);
      expect(failureClassLogged(proxy, requestId, stage)).toBe(failureClass);
      if (failMode === "open") {
        expect(response.status).toBe(200);
        expect(response.headers.get("x-akto-guardrails-action")).toBe("fail-open");
        expect(body.choices?.[0]?.message.content).toBe("The weather is mild.");
        expect(mocks.llm.admin.requests()).toHaveLength(1);
      } else {
        expect(response.status).toBe(503);
        expect(response.headers.get("x-akto-guardrails-action")).toBe("fail-closed");
        expect(body.error?.code).toBe("akto_guardrails_unavailable");
        expect(body.error?.message).toContain(`(${failureClass})`);
        // Input fail-closed never reaches the LLM; output fail-closed withholds its answer.
        expect(mocks.llm.admin.requests()).toHaveLength(stage === "input" ? 0 : 1);
      }
    });
  });
});
