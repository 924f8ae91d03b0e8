import type { Decision, GuardResult, Stage } from "@akto-guardrails/core";
import { describe, expect, it } from "vitest";
import { PortkeyPluginError } from "../errors/portkey-plugin-error";
import { chatRequest, chatResponse, messagesRequest, portkeyContext } from "../test-utils/portkey-contexts";
import { createPortkeyWebhookHandler, type WebhookCheckContext } from "./create-portkey-webhook-handler";

/** What Portkey's default.webhook posts: the context without request headers, plus eventType. */
function webhookBody(context: ReturnType<typeof portkeyContext>, eventType: string) {
  const { headers: _headers, ...request } = context.request ?? {};
  return JSON.parse(JSON.stringify({ ...context, request, eventType })) as Record<string, unknown>;
}

function fakeCheck(decision: Partial<Decision> & Pick<Decision, "action" | "outcome">, body?: unknown) {
  const calls: Array<{ stage: Stage; body: unknown; context: WebhookCheckContext }> = [];
  const check = async (stage: Stage, scanned: unknown, context: WebhookCheckContext): Promise<GuardResult> => {
    calls.push({ stage, body: scanned, context });
    const full: Decision = { stage, status: 200, flagged: true, reason: "because", ...decision };
    const forwarded = body ?? scanned;
    return {
      decision: full,
      body: forwarded,
      changed: forwarded !== scanned,
      event: {} as GuardResult["event"],
      reportable: true,
      extraction: { shape: context.shape, stage, segments: [], unscanned: [] },
      cached: false,
      latencyMs: 3,
    };
  };
  return { check, calls };
}

describe("createPortkeyWebhookHandler", () => {
  it("should hand the whole request to check and answer an allow", async () => {
    const { check, calls } = fakeCheck({ action: "allow", outcome: "allow" });
    const handle = createPortkeyWebhookHandler({ check });
    const response = await handle({ headers: {}, body: webhookBody(portkeyContext("chatComplete", chatRequest), "beforeRequestHook") });
    expect(response).toEqual({
      status: 200,
      body: { verdict: true, data: { stage: "input", action: "allow", outcome: "allow", reason: "because", latencyMs: 3 } },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ stage: "input", body: chatRequest, context: { path: "/v1/chat/completions", shape: "openai.chat" } });
  });

  it("should answer a sanitized request in transformedData.request.json", async () => {
    const redacted = { ...chatRequest, messages: [{ role: "user", content: "[REDACTED]" }] };
    const { check } = fakeCheck({ action: "sanitize", outcome: "sanitize" }, redacted);
    const handle = createPortkeyWebhookHandler({ check });
    const response = await handle({ headers: {}, body: webhookBody(portkeyContext("chatComplete", chatRequest), "beforeRequestHook") });
    expect(response.body).toMatchObject({ verdict: true, transformedData: { request: { json: redacted }, response: { json: null } } });
  });

  it("should scan the response after the call, with the request as context", async () => {
    const { check, calls } = fakeCheck({ action: "block", outcome: "block", status: 403 });
    const handle = createPortkeyWebhookHandler({ check });
    const response = await handle({
      headers: {},
      body: webhookBody(portkeyContext("messages", messagesRequest, { response: chatResponse }), "afterRequestHook"),
    });
    expect(response.body).toMatchObject({ verdict: false, data: { stage: "output", action: "block" } });
    expect(calls[0]).toMatchObject({ stage: "output", body: chatResponse, context: { request: messagesRequest, path: "/v1/messages", statusCode: 200 } });
  });

  it("should answer a fail-closed decision as a clean verdict:false", async () => {
    const { check } = fakeCheck({ action: "block", outcome: "fail-closed", status: 503, failure: { class: "timeout", message: "t" } });
    const handle = createPortkeyWebhookHandler({ check });
    const response = await handle({ headers: {}, body: webhookBody(portkeyContext("chatComplete", chatRequest), "beforeRequestHook") });
    expect(response).toMatchObject({ status: 200, body: { verdict: false, data: { outcome: "fail-closed", failureClass: "timeout" } } });
  });

  it("should pass a streamed response without calling check", async () => {
    const { check, calls } = fakeCheck({ action: "block", outcome: "block" });
    const handle = createPortkeyWebhookHandler({ check });
    const response = await handle({ headers: {}, body: webhookBody(portkeyContext("chatComplete", chatRequest, { response: null }), "afterRequestHook") });
    expect(response.body).toMatchObject({ verdict: true });
    expect(calls).toHaveLength(0);
  });

  it("should require the token when one is configured", async () => {
    const { check, calls } = fakeCheck({ action: "allow", outcome: "allow" });
    const handle = createPortkeyWebhookHandler({ check, token: "s3cret" });
    const body = webhookBody(portkeyContext("chatComplete", chatRequest), "beforeRequestHook");
    for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: "s3cret" }, { "x-akto-webhook-token": "s3cret-" }]) {
      expect(await handle({ headers, body })).toEqual({
        status: 401,
        body: { error: { code: "ERR_WEBHOOK_UNAUTHORIZED", message: "missing or invalid webhook token" } },
      });
    }
    expect(calls).toHaveLength(0);
    expect((await handle({ headers: { authorization: "Bearer s3cret" }, body })).status).toBe(200);
    expect((await handle({ headers: { "x-akto-webhook-token": "s3cret" }, body })).status).toBe(200);
  });

  it.each([
    ["a non-object", 42],
    ["invalid JSON text", "{not json"],
    ["a missing eventType", { request: { json: chatRequest } }],
    ["an unknown eventType", { request: { json: chatRequest }, eventType: "onStream" }],
  ])("should answer 400 for %s", async (_name, body) => {
    const { check, calls } = fakeCheck({ action: "allow", outcome: "allow" });
    const response = await createPortkeyWebhookHandler({ check })({ headers: {}, body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: "ERR_INVALID_WEBHOOK_BODY" } });
    expect(calls).toHaveLength(0);
  });

  it("should accept the body as JSON text", async () => {
    const { check } = fakeCheck({ action: "allow", outcome: "allow" });
    const text = JSON.stringify(webhookBody(portkeyContext("complete", { prompt: "hi", model: "m" }), "beforeRequestHook"));
    expect(await createPortkeyWebhookHandler({ check })({ headers: {}, body: text })).toMatchObject({ status: 200, body: { verdict: true } });
  });

  it("should answer 500 when check throws, leaving the outcome to Portkey's failOnError", async () => {
    const handle = createPortkeyWebhookHandler({
      check: async () => {
        throw new Error("engine exploded with jane@example.com");
      },
    });
    const response = await handle({ headers: {}, body: webhookBody(portkeyContext("chatComplete", chatRequest), "beforeRequestHook") });
    expect(response).toEqual({ status: 500, body: { error: { code: "ERR_INTERNAL", message: "the guardrail check failed" } } });
  });

  it("should reject invalid options at construction", () => {
    const attempt = (options: unknown) => () => createPortkeyWebhookHandler(options as never);
    expect(attempt({})).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
    expect(attempt({ check: async () => undefined, token: "" })).toThrow(/token/);
    try {
      attempt(undefined)();
    } catch (error) {
      expect(PortkeyPluginError.isInstance(error)).toBe(true);
    }
  });
});
