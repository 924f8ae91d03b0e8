import { createHash, timingSafeEqual } from "node:crypto";
import type { HeaderMap } from "../upstream/hop-by-hop";

/**
 * The header that carries the inbound proxy key. A dedicated header, because `Authorization` and
 * `x-api-key` carry the client's provider key, which must reach the provider untouched.
 * `Proxy-Authorization: Bearer <key>` is accepted too. Both are removed before anything leaves.
 */
export const PROXY_KEY_HEADER = "x-akto-proxy-key";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function first(value: string | ReadonlyArray<string> | undefined): string | undefined {
  return typeof value === "string" ? value : value?.[0];
}

/** The key a request presents, if any. */
export function presentedProxyKey(headers: HeaderMap): string | undefined {
  const direct = first(headers[PROXY_KEY_HEADER])?.trim();
  if (direct) return direct;
  const proxyAuthorization = first(headers["proxy-authorization"]);
  return proxyAuthorization === undefined ? undefined : /^\s*bearer\s+(\S+)\s*$/i.exec(proxyAuthorization)?.[1];
}

/**
 * Returns a check of inbound keys, or `undefined` when none are configured (the proxy is then open to
 * anyone who can reach it). Comparison is over SHA-256 digests with `timingSafeEqual`, so timing
 * reveals neither the keys nor their lengths.
 */
export function createInboundAuth(keys: ReadonlyArray<string>): ((headers: HeaderMap) => boolean) | undefined {
  if (keys.length === 0) return undefined;
  const digests = keys.map(digest);
  return (headers) => {
    const presented = presentedProxyKey(headers);
    if (presented === undefined) return false;
    const candidate = digest(presented);
    let matched = false;
    for (const expected of digests) matched = timingSafeEqual(candidate, expected) || matched;
    return matched;
  };
}
