import { connectionListedHeaders, isHopByHop, type HeaderMap } from "./hop-by-hop";

export interface ClientResponseHeaderOptions {
  /** The body is re-encoded or rewritten: drop `content-length` and `content-encoding`. */
  readonly bodyReplaced?: boolean;
  /** Drop `content-length` only (a stream whose length changes, e.g. an SSE guard). */
  readonly dropContentLength?: boolean;
}

/**
 * The upstream's response headers as the client should see them: hop-by-hop headers removed, and the
 * upstream's own `x-request-id` renamed to `x-upstream-request-id` (the proxy answers with its own id).
 */
export function buildClientResponseHeaders(upstream: HeaderMap, options: ClientResponseHeaderOptions = {}): Record<string, string | string[]> {
  const listed = connectionListedHeaders(upstream);
  const headers: Record<string, string | string[]> = {};
  for (const name of Object.keys(upstream)) {
    const value = upstream[name];
    if (value === undefined || isHopByHop(name, listed)) continue;
    if ((options.bodyReplaced || options.dropContentLength) && name === "content-length") continue;
    if (options.bodyReplaced && name === "content-encoding") continue;
    const copy = typeof value === "string" ? value : [...value];
    if (name === "x-request-id") headers["x-upstream-request-id"] = copy;
    else headers[name] = copy;
  }
  return headers;
}
