import { detectApiShape, type DetectedShape } from "@akto-guardrails/core";

/** The route and API shape behind each Portkey request type that runs hooks. */
const ROUTES: Readonly<Record<string, { readonly path: string; readonly shape: DetectedShape }>> = {
  chatComplete: { path: "/v1/chat/completions", shape: "openai.chat" },
  complete: { path: "/v1/completions", shape: "openai.completions" },
  embed: { path: "/v1/embeddings", shape: "openai.embeddings" },
  messages: { path: "/v1/messages", shape: "anthropic.messages" },
};

const PATH_OF_SHAPE: Readonly<Record<DetectedShape, string>> = {
  "openai.chat": "/v1/chat/completions",
  "openai.completions": "/v1/completions",
  "openai.embeddings": "/v1/embeddings",
  "openai.responses": "/v1/responses",
  "anthropic.messages": "/v1/messages",
  unknown: "/",
};

export interface RouteOfRequest {
  readonly path: string;
  readonly shape: DetectedShape;
}

/**
 * The route and shape of a hooked call. Portkey's context carries no path, so the request type decides;
 * an unknown or missing request type falls back to detecting the shape from the request body.
 */
export function routeOfRequest(requestType: unknown, requestBody: unknown): RouteOfRequest {
  if (typeof requestType === "string" && Object.hasOwn(ROUTES, requestType)) {
    return ROUTES[requestType]!;
  }
  const shape = detectApiShape(undefined, requestBody);
  return { path: PATH_OF_SHAPE[shape], shape };
}
