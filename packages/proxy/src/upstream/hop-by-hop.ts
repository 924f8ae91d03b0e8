/** Headers that describe one connection, never the message: RFC 9110 §7.6.1 plus the common legacy ones. */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "trailers",
  "transfer-encoding",
  "upgrade",
  "http2-settings",
]);

export type HeaderValue = string | ReadonlyArray<string> | undefined;
export type HeaderMap = Readonly<Record<string, HeaderValue>>;

/** Header names listed in `Connection` (they are hop-by-hop too). `undefined` when there are none. */
export function connectionListedHeaders(headers: HeaderMap): ReadonlySet<string> | undefined {
  const value = headers["connection"];
  if (value === undefined) return undefined;
  const text = typeof value === "string" ? value : value.join(",");
  const names = text
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0 && name !== "close" && name !== "keep-alive");
  return names.length > 0 ? new Set(names) : undefined;
}

/** Whether a (lower-case) header must not cross the proxy. */
export function isHopByHop(name: string, listed: ReadonlySet<string> | undefined): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith("proxy-") || (listed !== undefined && listed.has(name));
}
