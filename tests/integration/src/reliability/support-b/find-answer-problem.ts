import type { HttpAnswer } from "./create-http-client";
import type { LoadRequest, PromptKind } from "./build-load-request";

/** The decisions a client may see for each prompt (fail-open and fail-closed are always possible: Akto fails on purpose). */
const ALLOWED_ACTIONS: Readonly<Record<PromptKind, Readonly<Record<number, ReadonlyArray<string>>>>> = {
  benign: { 200: ["allow", "fail-open"], 503: ["fail-closed"] },
  pii: { 200: ["sanitize", "fail-open"], 503: ["fail-closed"] },
  injection: { 200: ["fail-open"], 403: ["block"], 503: ["fail-closed"] },
};

function header(answer: HttpAnswer, name: string): string {
  const value = answer.headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

function parseJson(text: string): Record<string, any> | undefined {
  try {
    return JSON.parse(text) as Record<string, any>;
  } catch {
    return undefined;
  }
}

/** Why an answer is wrong for its request, or `undefined` when it is one of the correct answers. */
export function findAnswerProblem(request: LoadRequest, answer: HttpAnswer): string | undefined {
  const action = header(answer, "x-akto-guardrails-action");
  const allowed = ALLOWED_ACTIONS[request.kind][answer.status];
  if (allowed === undefined) return `unexpected status ${answer.status}`;
  if (!allowed.includes(action)) return `status ${answer.status} with action "${action}" for a ${request.kind} prompt`;
  const text = answer.body.toString("utf8");
  if (answer.status !== 200) {
    // Refusals come in the API's own error shape, with the guardrail's code.
    const error = parseJson(text);
    const code = answer.status === 403 ? "akto_guardrails_blocked" : "akto_guardrails_unavailable";
    const shaped = request.route === "messages" ? error?.["type"] === "error" && typeof error["error"]?.message === "string" : error?.["error"]?.code === code;
    return shaped ? undefined : `status ${answer.status} without an API-shaped error: ${text.slice(0, 200)}`;
  }
  if (request.route === "chat-stream") {
    // Either the model's own end or the guard's termination: both end with [DONE].
    return /data: \[DONE\]\s*$/.test(text) ? undefined : `a stream that does not end with [DONE]: ${text.slice(-200)}`;
  }
  const json = parseJson(text);
  const reply: unknown = request.route === "messages" ? json?.["content"]?.[0]?.text : json?.["choices"]?.[0]?.message?.content;
  if (typeof reply !== "string" || !reply.startsWith("ECHO: ")) return `a 200 without the model's answer: ${text.slice(0, 200)}`;
  if (action === "sanitize" && (reply.includes("@example.com") || !reply.includes("[REDACTED]"))) return `a sanitized request whose e-mail reached the model: ${reply}`;
  return undefined;
}
