import type { DetectedShape } from "../shapes/types";

/** Which provider's error format a client expects. */
export type ApiDialect = "openai" | "anthropic";

export function apiDialectForShape(shape: DetectedShape): ApiDialect {
  return shape === "anthropic.messages" ? "anthropic" : "openai";
}

export interface ApiErrorInput {
  readonly dialect: ApiDialect;
  readonly status: number;
  readonly message: string;
  /** OpenAI `error.type`; Anthropic error types are derived from the status. */
  readonly type?: string;
  /** OpenAI `error.code`. */
  readonly code?: string | null;
}

const ANTHROPIC_TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

const OPENAI_TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "invalid_request_error",
  415: "invalid_request_error",
  429: "rate_limit_error",
};

/**
 * An error body in the client's own API format, so the official SDKs raise their
 * normal API error: OpenAI `{"error":{"message","type","param","code"}}`,
 * Anthropic `{"type":"error","error":{"type","message"}}`.
 */
export function buildApiError(input: ApiErrorInput): Record<string, unknown> {
  if (input.dialect === "anthropic") {
    const type = ANTHROPIC_TYPE_BY_STATUS[input.status] ?? (input.status >= 500 ? "api_error" : "invalid_request_error");
    return { type: "error", error: { type, message: input.message } };
  }
  const type = input.type ?? OPENAI_TYPE_BY_STATUS[input.status] ?? (input.status >= 500 ? "server_error" : "invalid_request_error");
  return { error: { message: input.message, type, param: null, code: input.code ?? null } };
}
