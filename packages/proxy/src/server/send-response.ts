import type { ServerResponse } from "node:http";
import { buildApiError, type ApiDialect } from "@akto-guardrails/core";

export type ResponseHeaders = Readonly<Record<string, string | string[]>>;

/** Sends a JSON body with an exact `content-length`. No-op once the response has started or the client left. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: ResponseHeaders = {}): void {
  if (response.headersSent || response.destroyed) return;
  const payload = Buffer.from(JSON.stringify(body), "utf8");
  response.writeHead(status, { ...headers, "content-type": "application/json", "content-length": String(payload.length) });
  response.end(payload);
}

/** Sends one of the proxy's own errors in the client's API format (OpenAI or Anthropic). */
export function sendApiError(
  response: ServerResponse,
  dialect: ApiDialect,
  status: number,
  message: string,
  options: { readonly code?: string; readonly type?: string; readonly headers?: ResponseHeaders } = {},
): void {
  sendJson(
    response,
    status,
    buildApiError({ dialect, status, message, ...(options.code ? { code: options.code } : {}), ...(options.type ? { type: options.type } : {}) }),
    options.headers,
  );
}
