import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { chat, EXPRESS_VERSIONS, post, startApp, type ExpressFactory } from "../test-utils/start-app";
import type { AktoGuardrailsMiddleware } from "../akto-guardrails";
import { useGuardHarness } from "../test-utils/use-guard-harness";

const PII = "jane@example.com";

const harness = useGuardHarness({ output: "buffer" });
const { guard } = harness;

function completion(content: string) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1700000000,
    model: "gpt-4o-mini",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
  };
}

const contentOf = (json: unknown) => (json as ReturnType<typeof completion>).choices[0]?.message.content;

async function serve(express: ExpressFactory, middleware: AktoGuardrailsMiddleware, handler: (request: Request, response: Response) => void): Promise<string> {
  const app = express();
  app.use(middleware);
  app.use(handler);
  const started = await startApp(app);
  harness.track(started);
  return started.url;
}

/** Answers with the reply text the client asked for (`[[reply:...]]` in the last message). */
const replyOf = (request: Request) => {
  const messages = (request.body as { messages: Array<{ content: string }> }).messages;
  return /\[\[reply:(.*)\]\]/.exec(messages.at(-1)?.content ?? "")?.[1] ?? "Hello!";
};

describe.each(EXPRESS_VERSIONS)("JSON output on %s", (_name, express) => {
  it("should send a clean res.json response unchanged, with the output decision in the headers", async () => {
    const url = await serve(express, guard(), (request, response) => response.json(completion(replyOf(request))));
    const answer = await post(`${url}/v1/chat/completions`, chat("[[reply:The capital of France is Paris.]]"));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(completion("The capital of France is Paris."));
    expect(answer.headers.get("x-akto-guardrails-action")).toBe("allow");
    expect(harness.akto.admin.validations().map((validation) => validation.direction)).toEqual(["request", "response"]);
  });

  it("should sanitize a res.json response and fix its length", async () => {
    const sanitized = await serve(express, guard(), (_request, response) => response.json(completion(`I emailed ${PII} a link.`)));
    const redacted = await post(`${sanitized}/v1/chat/completions`, chat("hello"));
    expect(contentOf(redacted.json)).toBe("I emailed [REDACTED] a link.");
    expect(Number(redacted.headers.get("content-length"))).toBe(Buffer.byteLength(redacted.text));
    expect(redacted.headers.get("x-akto-guardrails-action")).toBe("sanitize");
  });

  it("should replace a blocked response with an API-shaped 403 and abort the request signal", async () => {
    let signal: AbortSignal | undefined;
    const url = await serve(express, guard(), (request, response) => {
      signal = request.aktoGuardrails?.signal;
      response.json(completion("This is internal only material."));
    });
    const answer = await post(`${url}/v1/chat/completions`, chat("hello"));
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ error: { message: expect.stringMatching(/^Response blocked by Akto guardrails: /), code: "akto_guardrails_blocked" } });
    expect(answer.text).not.toContain("internal only");
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toMatchObject({ code: "ERR_RESPONSE_BLOCKED" });
  });

  it("should answer Anthropic-shaped errors for a blocked /v1/messages response", async () => {
    const url = await serve(express, guard(), (_request, response) => {
      response.json({ id: "msg_1", type: "message", role: "assistant", model: "claude", content: [{ type: "text", text: "confidential plans" }], stop_reason: "end_turn" });
    });
    const answer = await post(`${url}/v1/messages`, { model: "claude-sonnet-4", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ type: "error", error: { type: "permission_error" } });
  });

  it("should scan bodies sent with res.send, res.end after writeHead, and res.write pieces", async () => {
    const body = JSON.stringify(completion(`Contact ${PII}`));
    const handlers: Array<(request: Request, response: Response) => void> = [
      (_request, response) => response.type("application/json").send(body),
      (_request, response) => {
        response.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) });
        response.end(body);
      },
      (_request, response) => {
        response.setHeader("content-type", "application/json");
        response.write(body.slice(0, 20));
        response.write(Buffer.from(body.slice(20, 50)));
        response.end(body.slice(50));
      },
    ];
    for (const handler of handlers) {
      const url = await serve(express, guard(), handler);
      const answer = await post(`${url}/v1/chat/completions`, chat("hello"));
      expect(answer.status).toBe(200);
      expect(contentOf(answer.json)).toBe("Contact [REDACTED]");
    }
  });

  it("should let error statuses and non-JSON responses pass unscanned", async () => {
    const failing = await serve(express, guard(), (_request, response) => response.status(502).json({ error: "upstream said internal only" }));
    const error = await post(`${failing}/v1/chat/completions`, chat("hello"));
    expect(error.status).toBe(502);
    expect(error.json).toEqual({ error: "upstream said internal only" });
    const html = await serve(express, guard(), (_request, response) => response.type("text/html").send("<p>internal only</p>"));
    expect((await post(`${html}/v1/chat/completions`, chat("hello"))).text).toBe("<p>internal only</p>");
    expect(harness.akto.admin.validations().filter((validation) => validation.direction === "response")).toHaveLength(0);
  });

  it("should answer 503 when the output check fails closed", async () => {
    harness.akto.admin.setFaults([{ kind: "status", status: 500, route: "/api/validate/response" }]);
    const url = await serve(express, guard({ output: { mode: "buffer", failMode: "closed" } }), (_request, response) => response.json(completion("fine")));
    const answer = await post(`${url}/v1/chat/completions`, chat("hello"));
    expect(answer.status).toBe(503);
    expect(answer.json).toMatchObject({ error: { message: "Response blocked: Akto guardrails are unavailable (server) and the policy is fail-closed" } });
    expect(answer.headers.get("x-akto-guardrails-action")).toBe("fail-closed");
  });

  it("should hand a blocked response to onBlock with stage output", async () => {
    const url = await serve(
      express,
      guard({ onBlock: (block, _request, response) => response.status(200).json({ replaced: true, stage: block.stage }) }),
      (_request, response) => response.json(completion("internal only")),
    );
    const answer = await post(`${url}/v1/chat/completions`, chat("hello"));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ replaced: true, stage: "output" });
  });

  it("should not scan output when output is off", async () => {
    const url = await serve(express, guard({ output: "off" }), (_request, response) => response.json(completion("internal only")));
    expect((await post(`${url}/v1/chat/completions`, chat("hello"))).status).toBe(200);
  });
});
