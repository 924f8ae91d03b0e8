import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { MockAkto } from "@akto-guardrails/mock-akto";
import { FAILURE_CLASSES, type FailureClass } from "@akto-guardrails/core";
import { describe, expect, it } from "vitest";
import { aktoGuardrails } from "./akto-guardrails";
import { chat, EXPRESS_VERSIONS, post, silentLogger, spoolDir, startApp } from "./test-utils/start-app";
import { useGuardHarness } from "./test-utils/use-guard-harness";

type FaultSpec = Parameters<MockAkto["admin"]["setFaults"]>[0][number];

/** How mock-akto produces each failure class; circuit_open needs one failure first (threshold 1). */
const FAULTS: Readonly<Record<FailureClass, FaultSpec>> = {
  timeout: { kind: "hang" },
  connection: { kind: "reset" },
  auth: { kind: "status", status: 401 },
  rate_limited: { kind: "status", status: 429, headers: { "Retry-After": "0" } },
  server: { kind: "status", status: 500 },
  client: { kind: "status", status: 400 },
  malformed_response: { kind: "non_json" },
  circuit_open: { kind: "status", status: 500, times: 1 },
};

const harness = useGuardHarness();

const cases = EXPRESS_VERSIONS.flatMap(([name, express]) =>
  FAILURE_CLASSES.flatMap((failureClass) => (["open", "closed"] as const).map((failMode) => [name, failureClass, failMode, express] as const)),
);

describe("aktoGuardrails failure classes", () => {
  it.each(cases)("%s: %s under fail-%s", async (_name, failureClass, failMode, express) => {
    const { akto } = harness;
    const middleware = harness.guard({
      timeoutMs: 300,
      failMode,
      breaker: { failureThreshold: failureClass === "circuit_open" ? 1 : 1000, cooldownMs: 60_000 },
      cache: { enabled: false },
    });
    const seen: unknown[] = [];
    const app = express();
    app.use(middleware);
    app.use((request, response) => {
      seen.push(request.aktoGuardrails?.decision);
      response.json({ ok: true });
    });
    const started = harness.track(await startApp(app));
    akto.admin.setFaults([FAULTS[failureClass]]);

    if (failureClass === "circuit_open") {
      // The first failure opens the circuit; the next call is refused without reaching Akto.
      await post(`${started.url}/v1/chat/completions`, chat("first"));
      seen.length = 0;
    }
    const requestsBefore = akto.admin.requests().length;
    const answer = await post(`${started.url}/v1/chat/completions`, chat("Hello"));

    expect(answer.headers.get("x-akto-guardrails-action")).toBe(`fail-${failMode}`);
    if (failMode === "open") {
      expect(answer.status).toBe(200);
      expect(seen).toEqual([expect.objectContaining({ action: "allow", outcome: "fail-open", flagged: true, failure: expect.objectContaining({ class: failureClass }) })]);
    } else {
      expect(answer.status).toBe(503);
      expect(answer.json).toEqual({
        error: {
          message: `Request blocked: Akto guardrails are unavailable (${failureClass}) and the policy is fail-closed`,
          type: "guardrails_unavailable",
          param: null,
          code: "akto_guardrails_unavailable",
        },
      });
      expect(seen).toEqual([]);
    }
    if (failureClass === "circuit_open") expect(akto.admin.requests().length).toBe(requestsBefore);
  });
});

describe("aktoGuardrails with Akto unreachable", () => {
  it("should fail closed with a 503 in the Anthropic shape on /v1/messages", async () => {
    const middleware = harness.guard({ akto: { baseUrl: "http://127.0.0.1:9" }, timeoutMs: 300, failMode: "closed" });
    const app = EXPRESS_VERSIONS[0][1]();
    app.use(middleware);
    app.use((_request, response) => response.json({ ok: true }));
    const started = harness.track(await startApp(app));
    const answer = await post(`${started.url}/v1/messages`, { model: "claude-sonnet-4", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
    expect(answer.status).toBe(503);
    expect(answer.json).toMatchObject({ type: "error", error: { type: "api_error", message: expect.stringContaining("(connection)") } });
  });

  it("should spool events while Akto is down", async () => {
    const directory = spoolDir();
    const middleware = aktoGuardrails({
      akto: { baseUrl: "http://127.0.0.1:9" },
      timeoutMs: 300,
      events: { spoolDir: directory },
      logger: silentLogger(),
    });
    const app = EXPRESS_VERSIONS[1][1]();
    app.use(middleware);
    app.use((_request, response) => response.json({ ok: true }));
    const started = harness.track(await startApp(app));
    expect((await post(`${started.url}/v1/chat/completions`, chat("hi"))).status).toBe(200);
    await middleware.close();
    const spooled = readdirSync(directory)
      .filter((name) => name.endsWith(".jsonl"))
      .map((name) => readFileSync(join(directory, name), "utf8"))
      .join("");
    // The fail-open event waits in the spool for the next start.
    expect(spooled).toContain("fail-open");
  });
});
