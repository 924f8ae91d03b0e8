import { detectApiShape, type ApiShape } from "@akto-guardrails/core";
import type { IncomingHttpHeaders } from "node:http";
import type { Upstream, Upstreams } from "../upstream/create-upstreams";
import type { RequestTarget } from "./request-target";

/** Where a proxied request goes and whether it is guarded. */
export interface Route {
  readonly upstream: Upstream;
  readonly dialect: "openai" | "anthropic";
  /** The guarded API shape, or `undefined` for a pass-through route. */
  readonly shape: ApiShape | undefined;
  /** Metrics label. */
  readonly label: string;
}

/** Canonical route names, used as the `route` metrics label whatever prefix the path had. */
const ROUTE_LABEL: Readonly<Record<ApiShape, string>> = {
  "openai.chat": "/v1/chat/completions",
  "openai.completions": "/v1/completions",
  "openai.responses": "/v1/responses",
  "openai.embeddings": "/v1/embeddings",
  "anthropic.messages": "/v1/messages",
};

function isAnthropicPath(routePath: string): boolean {
  const path = routePath.toLowerCase();
  return /^\/v1\/messages(?:\/|$)/.test(path) || path === "/v1/complete";
}

/**
 * Picks the route of a proxied request. `POST`s to the LLM create routes are guarded (`detectApiShape`
 * on the decoded path, so any prefix or escape that still names the route is guarded too). Anthropic
 * routes (`/v1/messages*`, `/v1/complete`, or any request with an `anthropic-version` header) go to the
 * Anthropic upstream, everything else to the OpenAI one. Both come from configuration only.
 */
export function routeRequest(method: string | undefined, target: RequestTarget, headers: IncomingHttpHeaders, upstreams: Upstreams): Route {
  const detected = method === "POST" ? detectApiShape(target.routePath, undefined) : "unknown";
  const shape = detected === "unknown" ? undefined : detected;
  const anthropic = shape === "anthropic.messages" || (shape === undefined && (isAnthropicPath(target.routePath) || headers["anthropic-version"] !== undefined));
  return {
    upstream: anthropic ? upstreams.anthropic : upstreams.openai,
    dialect: anthropic ? "anthropic" : "openai",
    shape,
    label: shape ? ROUTE_LABEL[shape] : "passthrough",
  };
}
