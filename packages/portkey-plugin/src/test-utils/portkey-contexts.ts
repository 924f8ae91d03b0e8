import type { HookEventType, PluginContext } from "../portkey/portkey-types";

/** OpenAI chat: PII in the system prompt, a text part, a tool call, a tool result and the last turn. */
export const chatRequest = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are a support bot. Escalate to ops@example.com when unsure." },
    {
      role: "user",
      content: [
        { type: "text", text: "My email is jane@example.com." },
        { type: "image_url", image_url: { url: "https://images.example.com/receipt.png" } },
      ],
    },
    {
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"email":"bob@example.com"}' } }],
    },
    { role: "tool", tool_call_id: "call_1", content: "Found the account of carol@example.com" },
    { role: "user", content: "Thanks. Also write to dave@example.com please." },
  ],
};

/** Anthropic messages: PII in `system`, a text block, a tool_use input and a tool_result. */
export const messagesRequest = {
  model: "claude-3-5-sonnet-latest",
  max_tokens: 256,
  system: "You are a support bot. Escalate to ops@example.com when unsure.",
  messages: [
    { role: "user", content: [{ type: "text", text: "My email is jane@example.com." }] },
    { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "lookup", input: { email: "bob@example.com" } }] },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "Found the account of carol@example.com" }] },
  ],
};

export const completionRequest = { model: "gpt-3.5-turbo-instruct", prompt: ["My email is jane@example.com.", "Cc ops@example.com."] };

export const embeddingRequest = { model: "text-embedding-3-small", input: ["jane@example.com", "a harmless sentence"] };

export const chatResponse = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-4o-mini",
  choices: [
    { index: 0, message: { role: "assistant", content: "Done. I wrote to jane@example.com.", refusal: null }, finish_reason: "stop", logprobs: null },
    { index: 1, message: { role: "assistant", content: "Also cc ops@example.com.", refusal: null }, finish_reason: "stop", logprobs: null },
  ],
  usage: { prompt_tokens: 20, completion_tokens: 12, total_tokens: 32 },
};

export const messagesResponse = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-3-5-sonnet-latest",
  content: [
    { type: "text", text: "Done. I wrote to jane@example.com." },
    { type: "text", text: "Nothing else to report." },
  ],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { input_tokens: 20, output_tokens: 12 },
};

export const completionResponse = {
  id: "cmpl-1",
  object: "text_completion",
  created: 1_700_000_000,
  model: "gpt-3.5-turbo-instruct",
  choices: [{ index: 0, text: "Reach me at jane@example.com.", finish_reason: "stop", logprobs: null }],
};

export interface ContextOptions {
  /** The provider answer (after-hook); `null` stands for a streamed response. */
  readonly response?: unknown;
  readonly headers?: Record<string, string>;
  readonly provider?: string;
}

/** A context as Portkey's HookSpan builds it (plus a response for after-hooks). */
export function portkeyContext(requestType: string, requestJson: unknown, options: ContextOptions = {}): PluginContext {
  const hasResponse = "response" in options;
  return {
    request: {
      json: requestJson,
      text: "",
      isStreamingRequest: hasResponse && options.response === null,
      isTransformed: false,
      headers: options.headers ?? {
        authorization: "Bearer sk-provider-secret",
        "content-type": "application/json",
        "x-portkey-config": '{"provider":"openai","api_key":"sk-provider-secret"}',
        "x-portkey-trace-id": "trace-123",
        "x-forwarded-for": "203.0.113.7, 10.0.0.1",
      },
    },
    response: hasResponse ? { json: options.response, text: "", statusCode: 200, isTransformed: false } : { json: {}, text: "", statusCode: null, isTransformed: false },
    provider: options.provider ?? "openai",
    requestType,
    metadata: { _user: "user-1" },
  };
}

/** Every hooked request type with its request body and (when it has one) its response body. */
export const REQUEST_TYPES: ReadonlyArray<{ readonly requestType: string; readonly request: unknown; readonly response?: unknown }> = [
  { requestType: "chatComplete", request: chatRequest, response: chatResponse },
  { requestType: "complete", request: completionRequest, response: completionResponse },
  { requestType: "embed", request: embeddingRequest },
  { requestType: "messages", request: messagesRequest, response: messagesResponse },
];

export const BEFORE: HookEventType = "beforeRequestHook";
export const AFTER: HookEventType = "afterRequestHook";

/** Every string in a JSON value, for "nothing unredacted left" assertions. */
export function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(allStrings);
  return [];
}

/** A request of each hooked type whose only text is `text`. */
export function requestWithText(requestType: string, text: string): unknown {
  switch (requestType) {
    case "complete":
      return { model: "gpt-3.5-turbo-instruct", prompt: text };
    case "embed":
      return { model: "text-embedding-3-small", input: [text] };
    case "messages":
      return { model: "claude-3-5-sonnet-latest", max_tokens: 64, messages: [{ role: "user", content: [{ type: "text", text }] }] };
    default:
      return { model: "gpt-4o-mini", messages: [{ role: "user", content: text }] };
  }
}

/** A response of each type that has one (chat, completions, Anthropic messages) whose only text is `text`. */
export function responseWithText(requestType: string, text: string): unknown {
  switch (requestType) {
    case "complete":
      return { ...completionResponse, choices: [{ index: 0, text, finish_reason: "stop", logprobs: null }] };
    case "messages":
      return { ...messagesResponse, content: [{ type: "text", text }] };
    default:
      return { ...chatResponse, choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, finish_reason: "stop", logprobs: null }] };
  }
}
