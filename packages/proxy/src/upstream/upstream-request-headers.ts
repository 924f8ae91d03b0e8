import { PROXY_KEY_HEADER } from "../server/inbound-auth";
import { connectionListedHeaders, isHopByHop, type HeaderMap } from "./hop-by-hop";

export interface UpstreamRequestHeaderOptions {
  /** `host` of the configured upstream (the client's Host header is never used). */
  readonly host: string;
  readonly requestId: string;
  /** Set for a buffered body (its exact length); omitted to keep the client's own framing when streaming. */
  readonly contentLength?: number;
  /** Ask for an uncompressed answer (output scanning reads it). */
  readonly identityEncoding?: boolean;
}

/** Headers the proxy sets itself, or that undici refuses. */
const REPLACED: ReadonlySet<string> = new Set(["host", "expect", "x-request-id", PROXY_KEY_HEADER]);

/**
 * The headers sent upstream: the client's, minus hop-by-hop headers (and those named in `Connection`),
 * `host`, `expect` and the inbound proxy key, plus the upstream's `host` and the request id. The client's
 * provider credentials (`authorization`, `x-api-key`) are kept: they are what the provider authenticates.
 */
export function buildUpstreamRequestHeaders(incoming: HeaderMap, options: UpstreamRequestHeaderOptions): Record<string, string | string[]> {
  const listed = connectionListedHeaders(incoming);
  const headers: Record<string, string | string[]> = {};
  for (const name of Object.keys(incoming)) {
    const value = incoming[name];
    if (value === undefined || REPLACED.has(name) || isHopByHop(name, listed)) continue;
    if (name === "content-length" && options.contentLength !== undefined) continue;
    headers[name] = typeof value === "string" ? value : [...value];
  }
  headers["host"] = options.host;
  headers["x-request-id"] = options.requestId;
  if (options.contentLength !== undefined) headers["content-length"] = String(options.contentLength);
  if (options.identityEncoding) headers["accept-encoding"] = "identity";
  return headers;
}
