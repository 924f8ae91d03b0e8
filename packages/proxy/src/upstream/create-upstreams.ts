import { Pool } from "undici";

/** One configured upstream: where requests go and the keep-alive pool that carries them. */
export interface Upstream {
  /** `https://api.openai.com` */
  readonly origin: string;
  /** The base URL's path without a trailing slash (`""`, `/v1`). */
  readonly basePath: string;
  /** The value sent as `host` (and to Akto as the request's host). */
  readonly host: string;
  readonly pool: Pool;
}

export interface Upstreams {
  readonly openai: Upstream;
  readonly anthropic: Upstream;
  /** Waits for running requests, then closes every connection. */
  close(): Promise<void>;
  /** Cuts every connection at once. */
  destroy(): Promise<void>;
}

export interface UpstreamsOptions {
  readonly openai: string;
  readonly anthropic: string;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
}

/** Creates one undici pool per upstream origin (shared when both APIs live on the same origin). */
export function createUpstreams(options: UpstreamsOptions): Upstreams {
  const pools = new Map<string, Pool>();
  const upstreamFor = (baseUrl: string): Upstream => {
    const url = new URL(baseUrl);
    let pool = pools.get(url.origin);
    if (!pool) {
      pool = new Pool(url.origin, {
        pipelining: 1,
        keepAliveTimeout: 30_000,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        connect: { timeout: options.connectTimeoutMs },
      });
      pools.set(url.origin, pool);
    }
    return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, ""), host: url.host, pool };
  };
  const openai = upstreamFor(options.openai);
  const anthropic = upstreamFor(options.anthropic);
  return {
    openai,
    anthropic,
    async close() {
      await Promise.all([...pools.values()].map((pool) => pool.close().catch(() => undefined)));
    },
    async destroy() {
      await Promise.all([...pools.values()].map((pool) => pool.destroy().catch(() => undefined)));
    },
  };
}
