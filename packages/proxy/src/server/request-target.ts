/** The request URI, normalized once and used for both routing and forwarding, so they cannot disagree. */
export interface RequestTarget {
  /** Normalized path plus query string: what goes upstream (after joining with the upstream base path). */
  readonly path: string;
  /** Normalized path without the query. */
  readonly pathname: string;
  /** `pathname` with percent-escapes decoded: what decides whether a route is guarded. */
  readonly routePath: string;
}

// Only used to parse; never contacted. The upstream comes from configuration alone.
const PARSE_BASE = "http://proxy.invalid";

/**
 * Parses an origin-form (`/v1/chat/completions?x=1`) or absolute-form (`http://host/v1/...`) request
 * URI. Dot segments are resolved. For absolute-form URIs the authority is ignored: a request can never
 * pick its upstream. Returns `undefined` for anything else (`*`, garbage).
 */
export function parseRequestTarget(rawUrl: string | undefined): RequestTarget | undefined {
  if (rawUrl === undefined || rawUrl.length === 0) return undefined;
  let url: URL;
  try {
    if (rawUrl.startsWith("/")) url = new URL(`${PARSE_BASE}${rawUrl}`);
    else if (/^https?:\/\//i.test(rawUrl)) url = new URL(rawUrl);
    else return undefined;
  } catch {
    return undefined;
  }
  const pathname = url.pathname;
  let routePath = pathname;
  if (pathname.includes("%")) {
    try {
      routePath = decodeURIComponent(pathname);
    } catch {
      // A malformed escape: route on the raw path (the upstream cannot map it to an API route either).
    }
  }
  return { path: `${pathname}${url.search}`, pathname, routePath };
}
