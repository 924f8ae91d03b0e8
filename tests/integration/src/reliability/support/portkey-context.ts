import type { HookEventType, PluginContext } from "@akto-guardrails/portkey-plugin";
import type { Stage } from "@akto-guardrails/core";

export interface PortkeyContextInput {
  readonly request: unknown;
  /** After-hook: the provider's JSON answer. */
  readonly response?: unknown;
  readonly headers?: Record<string, string>;
}

export const eventTypeOf = (stage: Stage): HookEventType => (stage === "input" ? "beforeRequestHook" : "afterRequestHook");

/** A hook context shaped as Portkey's HookSpan builds it for a chat completion. */
export function portkeyContext(input: PortkeyContextInput): PluginContext {
  const hasResponse = input.response !== undefined;
  return {
    request: {
      json: input.request,
      text: "",
      isStreamingRequest: false,
      isTransformed: false,
      headers: input.headers ?? { "content-type": "application/json" },
    },
    response: hasResponse
      ? { json: input.response, text: "", statusCode: 200, isTransformed: false }
      : { json: {}, text: "", statusCode: null, isTransformed: false },
    provider: "openai",
    requestType: "chatComplete",
    metadata: {},
  };
}

/** The body Portkey's `default.webhook` posts: the hook context plus `eventType`. */
export function webhookPayload(stage: Stage, input: PortkeyContextInput): Record<string, unknown> {
  return { ...portkeyContext(input), eventType: eventTypeOf(stage) };
}
