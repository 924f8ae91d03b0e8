import { randomUUID } from "node:crypto";
import { aktoGuardrails } from "@akto-guardrails/express-middleware";
import { startMockAkto, type MockAkto } from "@akto-guardrails/mock-akto";
import { startMockLlm, type MockLlm } from "@akto-guardrails/mock-llm";
import { createAktoPluginHandler, createStandaloneWebhookHandler, type PluginHandlerResponse } from "@akto-guardrails/portkey-plugin";
import { createProxyServer } from "@akto-guardrails/proxy";
import { createGuardrails, createLogger, guardedFetch } from "@akto-guardrails/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHAT_PATH } from "./support/fixtures";
import { express } from "./support/express-app";
import { postJson } from "./support/http-json";
import { captureLogs } from "@akto-guardrails/test-support";
import { webhookPayload } from "./support/portkey-context";
import { waitForPostedEvent } from "./support/posted-events";
import { checkAktoRequests, checkPrivacy, type PrivacyFigures } from "./support/privacy-checks";
import { reportRequested, writeReportArtifact } from "./support/report-artifact";
import {
  AKTO_KEY,
  chatBody,
  CLIENT_HEADERS,
  CLIENT_SECRETS,
  COOKIE,
  INJECTION_PROMPT,
  occurrences,
  PII_EMAIL,
  PII_PROMPT,
  PORTKEY_HOOK_HEADERS,
  PROVIDER_KEY,
  WEBHOOK_TOKEN,
  X_API_KEY,
} from "./support/secret-material";
import type { SecretsArtifact, SecretsScenarioFigures } from "./support/secrets-results";
import { startHttpServer } from "./support/start-http-server";
import { createTempRoot, type TempRoot } from "./support/temp-root";
import { startWebhookServer, WEBHOOK_PATH } from "./support/webhook-server";

/**
 * Issue #8, item 5: one scenario per adapter with distinctive secrets (an Akto key, a provider key in Authorization,
 * an x-api-key, a cookie, Portkey's keyed headers) and PII prompt text. Everything is captured: pino output, mock-akto
 * requests, validations and events, mock-llm requests, Portkey results. Akto enforces the key (mock-akto `token`),
 * so a missing key would show as failed scans, not as a silent pass.
 */

const FAILURE_SECRETS = [AKTO_KEY, ...CLIENT_SECRETS];

let akto: MockAkto;
/** An Akto that refuses our key (401): every check fails with the `auth` class. */
let refusingAkto: MockAkto;
let llm: MockLlm;
let temp: TempRoot;
const figures: SecretsScenarioFigures[] = [];

beforeAll(async () => {
  temp = createTempRoot("secrets");
  [akto, refusingAkto, llm] = await Promise.all([startMockAkto({ token: AKTO_KEY }), startMockAkto({ token: "a-different-akto-key" }), startMockLlm()]);
});

beforeEach(() => {
  akto.admin.clear();
  refusingAkto.admin.clear();
  llm.admin.clear();
});

afterAll(async () => {
  if (reportRequested() && figures.length > 0) {
    const artifact: SecretsArtifact = { generatedAt: new Date().toISOString(), scenarios: figures };
    writeReportArtifact("secrets", artifact);
  }
  await Promise.all([akto?.close(), refusingAkto?.close(), llm?.close()]);
  temp?.remove();
});

/** Records a scenario's figures, after checking what the key-refusing Akto received in its failure part. */
function record(adapter: string, privacy: PrivacyFigures, failureLogLines: number): void {
  checkAktoRequests(refusingAkto);
  figures.push({ adapter, ...privacy, failureLogLines });
}

/** Log lines of a failure decision must exist (so the check is not vacuous) and carry no key. */
function checkFailureLogs(logs: string): number {
  const lines = logs.split("\n").filter((line) => line.includes('"failureClass":"auth"'));
  expect(lines.length).toBeGreaterThan(0);
  expect(occurrences(logs, FAILURE_SECRETS), "secrets in the logs of a failing Akto").toEqual([]);
  return lines.length;
}

const guardOptions = (baseUrl: string, spoolDir: string) => ({
  akto: { baseUrl, apiKey: AKTO_KEY },
  timeoutMs: 2_000,
  output: "buffer" as const,
  cache: { enabled: false },
  breaker: { enabled: false },
  events: { spoolDir, batchSize: 1, flushIntervalMs: 10 },
});

describe("secrets and privacy", () => {
  it("sdk: guardedFetch under the official openai client keeps every key and the prompt where it belongs", async () => {
    const logs = captureLogs(createLogger, "debug");
    const fetch = guardedFetch({ ...guardOptions(akto.url, temp.directory("sdk")), logger: logs.logger });
    const client = new OpenAI({ apiKey: PROVIDER_KEY, baseURL: `${llm.url}/v1`, fetch, maxRetries: 0, defaultHeaders: { "x-api-key": X_API_KEY, cookie: COOKIE } });
    const sanitizeId = randomUUID();
    const blockId = randomUUID();
    let blocked: unknown;
    try {
      const completion = await client.chat.completions.create(chatBody(PII_PROMPT), { headers: { "x-request-id": sanitizeId } });
      expect(JSON.stringify(completion)).not.toContain(PII_EMAIL);
      blocked = await client.chat.completions.create(chatBody(INJECTION_PROMPT), { headers: { "x-request-id": blockId } }).catch((error: unknown) => error);
      expect(blocked).toBeInstanceOf(OpenAI.PermissionDeniedError);
      await waitForPostedEvent(akto, (event) => event.requestId === sanitizeId && event.action === "sanitize");
      await waitForPostedEvent(akto, (event) => event.requestId === blockId && event.action === "block");
    } finally {
      await fetch.close();
    }
    const privacy = checkPrivacy({
      akto,
      llm,
      logs: logs.text(),
      clientErrors: [String((blocked as Error).message)],
      expectEvents: true,
      expectProviderKeyUpstream: true,
    });

    // Akto refuses the key: fail-open decisions are logged without any key, and their reasons name none.
    const failing = captureLogs(createLogger, "debug");
    const guardrails = createGuardrails({ ...guardOptions(refusingAkto.url, temp.directory("sdk-failing")), events: { destination: "none" }, logger: failing.logger });
    try {
      const result = await guardrails.checkRequest(chatBody(PII_PROMPT), { path: CHAT_PATH, headers: CLIENT_HEADERS });
      expect(result.decision).toMatchObject({ outcome: "fail-open", failure: { class: "auth" } });
      expect(occurrences(`${result.decision.reason}\n${result.decision.failure?.message}`, FAILURE_SECRETS)).toEqual([]);
    } finally {
      await guardrails.close();
    }
    record("sdk (guardedFetch + openai client)", privacy, checkFailureLogs(failing.text()));
  });

  it("proxy: official openai client through the proxy, plus its Portkey webhook route", async () => {
    const logs = captureLogs(createLogger, "debug");
    const proxy = createProxyServer(
      {
        ...guardOptions(akto.url, temp.directory("proxy")),
        upstream: { openai: llm.url },
        server: { host: "127.0.0.1", port: 0 },
        portkeyWebhook: { token: WEBHOOK_TOKEN },
      },
      { logger: logs.logger },
    );
    const clientErrors: string[] = [];
    const portkeyData: unknown[] = [];
    try {
      const { url } = await proxy.listen();
      const client = new OpenAI({ apiKey: PROVIDER_KEY, baseURL: `${url}/v1`, maxRetries: 0, defaultHeaders: { "x-api-key": X_API_KEY, cookie: COOKIE } });
      const sanitizeId = randomUUID();
      const blockId = randomUUID();
      const completion = await client.chat.completions.create(chatBody(PII_PROMPT), { headers: { "x-request-id": sanitizeId } });
      expect(JSON.stringify(completion)).not.toContain(PII_EMAIL);
      const blocked = await client.chat.completions.create(chatBody(INJECTION_PROMPT), { headers: { "x-request-id": blockId } }).catch((error: unknown) => error);
      expect(blocked).toBeInstanceOf(OpenAI.PermissionDeniedError);
      clientErrors.push((blocked as Error).message);
      await waitForPostedEvent(akto, (event) => event.requestId === sanitizeId && event.action === "sanitize");
      await waitForPostedEvent(akto, (event) => event.requestId === blockId && event.action === "block");

      const webhookAnswer = await postJson(`${url}${WEBHOOK_PATH}`, webhookPayload("input", { request: chatBody(PII_PROMPT), headers: PORTKEY_HOOK_HEADERS }), {
        authorization: `Bearer ${WEBHOOK_TOKEN}`,
      });
      expect(webhookAnswer.status).toBe(200);
      const answer = webhookAnswer.json as { verdict: boolean; data: unknown; transformedData?: unknown };
      expect(answer.verdict).toBe(true);
      expect(JSON.stringify(answer.transformedData)).not.toContain(PII_EMAIL);
      portkeyData.push(answer.data);
    } finally {
      await proxy.close();
    }
    const privacy = checkPrivacy({ akto, llm, logs: logs.text(), portkeyData, portkeyResults: portkeyData, clientErrors, expectEvents: true, expectProviderKeyUpstream: true });

    // Akto refuses the key: fail-open is logged without keys; fail-closed answers a 503 that names none.
    const failingLogs = captureLogs(createLogger, "debug");
    for (const failMode of ["open", "closed"] as const) {
      const failing = createProxyServer(
        {
          ...guardOptions(refusingAkto.url, temp.directory("proxy-failing")),
          failMode,
          events: { destination: "none" },
          upstream: { openai: llm.url },
          server: { host: "127.0.0.1", port: 0 },
        },
        { logger: failingLogs.logger },
      );
      try {
        const { url } = await failing.listen();
        const answer = await postJson(`${url}${CHAT_PATH}`, chatBody(PII_PROMPT), CLIENT_HEADERS);
        expect(answer.status).toBe(failMode === "open" ? 200 : 503);
        expect(occurrences(answer.text, FAILURE_SECRETS)).toEqual([]);
      } finally {
        await failing.close();
      }
    }
    record("proxy (openai client, /portkey/webhook)", privacy, checkFailureLogs(failingLogs.text()));
  });

  it("express: an Express 5 app that forwards to the provider keeps keys and prompt text out of Akto's reach and the logs", async () => {
    const logs = captureLogs(createLogger, "debug");
    const guard = aktoGuardrails({ ...guardOptions(akto.url, temp.directory("express")), logger: logs.logger });
    const app = express();
    app.use(express.json());
    app.use(guard);
    // A provider-calling app: the (sanitized) body goes upstream with the client's own provider key.
    app.post(CHAT_PATH, async (request, response) => {
      const upstream = await fetch(`${llm.url}${CHAT_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: String(request.headers["authorization"]) },
        body: JSON.stringify(request.body),
      });
      response.status(upstream.status).json(await upstream.json());
    });
    const server = await startHttpServer(app);
    const clientErrors: string[] = [];
    try {
      const sanitizeId = randomUUID();
      const blockId = randomUUID();
      const sanitized = await postJson(`${server.url}${CHAT_PATH}`, chatBody(PII_PROMPT), { ...CLIENT_HEADERS, "x-request-id": sanitizeId });
      expect(sanitized.status).toBe(200);
      // The provider got the redacted prompt.
      expect(llm.admin.requests().map((request) => request.body).join("\n")).toContain("[REDACTED]");
      expect(llm.admin.requests().map((request) => request.body).join("\n")).not.toContain(PII_EMAIL);
      const blocked = await postJson(`${server.url}${CHAT_PATH}`, chatBody(INJECTION_PROMPT), { ...CLIENT_HEADERS, "x-request-id": blockId });
      expect(blocked.status).toBe(403);
      clientErrors.push(blocked.text);
      await waitForPostedEvent(akto, (event) => event.requestId === sanitizeId && event.action === "sanitize");
      await waitForPostedEvent(akto, (event) => event.requestId === blockId && event.action === "block");
    } finally {
      await server.close();
      await guard.close();
    }
    const privacy = checkPrivacy({ akto, llm, logs: logs.text(), clientErrors, expectEvents: true, expectProviderKeyUpstream: true });

    const failingLogs = captureLogs(createLogger, "debug");
    for (const failMode of ["open", "closed"] as const) {
      const failingGuard = aktoGuardrails({
        ...guardOptions(refusingAkto.url, temp.directory("express-failing")),
        failMode,
        events: { destination: "none" },
        logger: failingLogs.logger,
      });
      const failingApp = express();
      failingApp.use(failingGuard);
      failingApp.post(CHAT_PATH, (_request, response) => {
        response.json({ ok: true });
      });
      const failingServer = await startHttpServer(failingApp);
      try {
        const answer = await postJson(`${failingServer.url}${CHAT_PATH}`, chatBody(PII_PROMPT), CLIENT_HEADERS);
        expect(answer.status).toBe(failMode === "open" ? 200 : 503);
        expect(occurrences(answer.text, FAILURE_SECRETS)).toEqual([]);
      } finally {
        await failingServer.close();
        await failingGuard.close();
      }
    }
    record("express middleware", privacy, checkFailureLogs(failingLogs.text()));
  });

  it("portkey plugin handler: data carries no prompt text, Akto gets no client or Portkey keys", async () => {
    const handler = createAktoPluginHandler({ breaker: false });
    const parameters = { credentials: { apiKey: AKTO_KEY, baseUrl: akto.url }, failMode: "closed", failOnError: true, timeout: 2_000 };
    const context = (request: unknown, response?: unknown) => ({
      request: { json: request, text: "", isStreamingRequest: false, isTransformed: false, headers: { ...PORTKEY_HOOK_HEADERS } },
      response: response === undefined ? { json: {}, text: "", statusCode: null, isTransformed: false } : { json: response, text: "", statusCode: 200, isTransformed: false },
      provider: "openai",
      requestType: "chatComplete",
      metadata: {},
    });
    const piiAnswer = { id: "chatcmpl-1", object: "chat.completion", model: "gpt-4o-mini", choices: [{ index: 0, message: { role: "assistant", content: PII_PROMPT }, finish_reason: "stop" }] };
    const results: PluginHandlerResponse[] = [
      await handler(context(chatBody(PII_PROMPT)), parameters, "beforeRequestHook"),
      await handler(context(chatBody(INJECTION_PROMPT)), parameters, "beforeRequestHook"),
      await handler(context(chatBody("Hello"), piiAnswer), parameters, "afterRequestHook"),
    ];
    expect(results.map((result) => [result.verdict, result.transformed])).toEqual([
      [true, true],
      [false, false],
      [true, true],
    ]);
    expect(JSON.stringify(results.map((result) => result.transformedData))).not.toContain(PII_EMAIL);
    const privacy = checkPrivacy({ akto, portkeyData: results.map((result) => result.data), portkeyResults: results, expectEvents: false, expectProviderKeyUpstream: false });

    // Akto refuses the key: the Error and data Portkey shows name no key, in both fail modes.
    for (const failMode of ["open", "closed"] as const) {
      const failed = await handler(context(chatBody(PII_PROMPT)), { ...parameters, credentials: { apiKey: AKTO_KEY, baseUrl: refusingAkto.url }, failMode }, "beforeRequestHook");
      expect(failed.verdict).toBe(failMode === "open");
      expect(failed.error).toBeInstanceOf(Error);
      expect(occurrences(`${failed.error?.message}\n${JSON.stringify(failed.data)}`, FAILURE_SECRETS)).toEqual([]);
    }
    record("portkey plugin handler", privacy, 0);
  });

  it("portkey webhook (standalone, over HTTP): data carries no prompt text, Akto gets no client or Portkey keys", async () => {
    const server = await startWebhookServer(
      createStandaloneWebhookHandler({ guardrails: { akto: { baseUrl: akto.url, apiKey: AKTO_KEY }, timeoutMs: 2_000, breaker: { enabled: false } }, token: WEBHOOK_TOKEN }),
    );
    const answers: Array<{ verdict: boolean; data: unknown; transformedData?: unknown }> = [];
    try {
      const post = (payload: unknown) => postJson(`${server.url}${WEBHOOK_PATH}`, payload, { authorization: `Bearer ${WEBHOOK_TOKEN}` });
      const piiAnswer = { id: "chatcmpl-1", object: "chat.completion", model: "gpt-4o-mini", choices: [{ index: 0, message: { role: "assistant", content: PII_PROMPT }, finish_reason: "stop" }] };
      for (const payload of [
        webhookPayload("input", { request: chatBody(PII_PROMPT), headers: PORTKEY_HOOK_HEADERS }),
        webhookPayload("input", { request: chatBody(INJECTION_PROMPT), headers: PORTKEY_HOOK_HEADERS }),
        webhookPayload("output", { request: chatBody("Hello"), response: piiAnswer, headers: PORTKEY_HOOK_HEADERS }),
      ]) {
        const answer = await post(payload);
        expect(answer.status).toBe(200);
        answers.push(answer.json as (typeof answers)[number]);
      }
    } finally {
      await server.close();
    }
    expect(answers.map((answer) => answer.verdict)).toEqual([true, false, true]);
    expect(JSON.stringify(answers.map((answer) => answer.transformedData))).not.toContain(PII_EMAIL);
    const privacy = checkPrivacy({ akto, portkeyData: answers.map((answer) => answer.data), portkeyResults: answers, expectEvents: false, expectProviderKeyUpstream: false });

    for (const failMode of ["open", "closed"] as const) {
      const failing = await startWebhookServer(
        createStandaloneWebhookHandler({ guardrails: { akto: { baseUrl: refusingAkto.url, apiKey: AKTO_KEY }, failMode, breaker: { enabled: false } }, token: WEBHOOK_TOKEN }),
      );
      try {
        const answer = await postJson(`${failing.url}${WEBHOOK_PATH}`, webhookPayload("input", { request: chatBody(PII_PROMPT), headers: PORTKEY_HOOK_HEADERS }), {
          authorization: `Bearer ${WEBHOOK_TOKEN}`,
        });
        expect(answer.json).toMatchObject({ verdict: failMode === "open", data: { failureClass: "auth" } });
        expect(occurrences(answer.text, FAILURE_SECRETS)).toEqual([]);
      } finally {
        await failing.close();
      }
    }
    record("portkey webhook (standalone)", privacy, 0);
  });

  it("should name no key in the errors for invalid options", async () => {
    const messages: string[] = [];
    const capture = (create: () => unknown) => {
      try {
        create();
        messages.push("(no error)");
      } catch (error) {
        messages.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
    };
    capture(() => createGuardrails({ akto: { baseUrl: "not a url", apiKey: AKTO_KEY }, timeoutMs: -1 }));
    capture(() => createProxyServer({ akto: { baseUrl: "ftp://nowhere", apiKey: AKTO_KEY }, server: { port: 99_999 } }));
    capture(() => aktoGuardrails({ akto: { baseUrl: "", apiKey: AKTO_KEY }, failMode: "sideways" as "open" }));
    capture(() => createStandaloneWebhookHandler({ guardrails: { akto: { baseUrl: "nope", apiKey: AKTO_KEY } } }));
    const handler = createAktoPluginHandler();
    const invalid = await handler({ request: { json: chatBody("Hello") } }, { credentials: { apiKey: AKTO_KEY, baseUrl: "gopher://x" }, timeout: -5 }, "beforeRequestHook");
    messages.push(String(invalid.error?.message));
    // Every one of them is a real error listing problems, and none repeats the key.
    expect(messages.every((message) => /invalid|must/i.test(message))).toBe(true);
    expect(messages.flatMap((message) => occurrences(message, [AKTO_KEY]))).toEqual([]);
  });
});
