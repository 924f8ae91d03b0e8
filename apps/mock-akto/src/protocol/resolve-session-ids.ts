import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

const sessionHeaders = ["x-akto-installer-akto_session_id", "x-session-id", "x-conversation-id", "x-user-id"];
const requestIdHeaders = ["x-kong-request-id", "x-request-id", "request-id"];

function firstValue(
  keys: readonly string[],
  httpHeaders: IncomingHttpHeaders,
  envelopeHeaders: ReadonlyMap<string, string>,
): string {
  for (const key of keys) {
    const value = httpHeaders[key];
    const text = Array.isArray(value) ? value[0] : value;
    if (text !== undefined && text !== "") return text;
  }
  for (const key of keys) {
    const value = envelopeHeaders.get(key);
    if (value !== undefined && value !== "") return value;
  }
  return "";
}

/** GS `pkg/session/headers.go`: HTTP headers first, then the same keys inside `requestHeaders`. */
export function resolveSessionIds(
  httpHeaders: IncomingHttpHeaders,
  envelopeHeaders: ReadonlyMap<string, string>,
): { sessionId: string; requestId: string } {
  let sessionId = firstValue(sessionHeaders, httpHeaders, envelopeHeaders);
  if (sessionId.length > 100) sessionId = createHash("sha256").update(sessionId).digest("hex");
  return { sessionId, requestId: firstValue(requestIdHeaders, httpHeaders, envelopeHeaders) };
}
