import type { DetectedShape, GuardContext, Stage } from "@akto-guardrails/core";
import { readHookHeaders } from "./hook-headers";
import { isRecord, ownProperty } from "./own-property";
import { routeOfRequest } from "./request-type-shape";

/** What to scan for one hook call, or why there is nothing to scan. */
export type GuardInput =
  | {
      readonly kind: "scan";
      readonly stage: Stage;
      /** The request body (before-hook) or the response body (after-hook). */
      readonly body: unknown;
      readonly shape: DetectedShape;
      /** After-hook: the request that produced the response, sent to Akto as context. */
      readonly request?: unknown;
      readonly context: GuardContext;
    }
  | { readonly kind: "skip"; readonly stage: Stage; readonly reason: string }
  | { readonly kind: "invalid"; readonly stage?: Stage; readonly message: string };

/** `beforeRequestHook` scans the input, `afterRequestHook` the output. */
export function stageOfEvent(eventType: unknown): Stage | undefined {
  if (eventType === "beforeRequestHook") return "input";
  if (eventType === "afterRequestHook") return "output";
  return undefined;
}

/**
 * Maps a Portkey hook context (from the in-gateway plugin or from `default.webhook`) to what the core scans.
 * The whole body is scanned: every message, the system prompt, content parts, tool calls and results.
 * Never throws.
 */
export function contextToGuardInput(context: unknown, eventType: unknown): GuardInput {
  const stage = stageOfEvent(eventType);
  if (!stage) return { kind: "invalid", message: `unknown hook event type; expected "beforeRequestHook" or "afterRequestHook"` };
  if (!isRecord(context)) return { kind: "invalid", stage, message: "the hook context is not an object" };

  const requestContext = ownProperty(context, "request");
  const requestBody = ownProperty(requestContext, "json");
  const route = routeOfRequest(ownProperty(context, "requestType"), requestBody);
  const hookHeaders = readHookHeaders(ownProperty(requestContext, "headers"));
  const guardContext: GuardContext = {
    path: route.path,
    method: "POST",
    headers: hookHeaders.headers,
    ...(hookHeaders.requestId ? { requestId: hookHeaders.requestId } : {}),
    ...(hookHeaders.ip ? { ip: hookHeaders.ip } : {}),
  };

  if (stage === "input") {
    if (requestBody === undefined || requestBody === null) return { kind: "skip", stage, reason: "the request has no JSON body to scan" };
    return { kind: "scan", stage, body: requestBody, shape: route.shape, context: guardContext };
  }

  const responseContext = ownProperty(context, "response");
  const responseBody = ownProperty(responseContext, "json");
  if (responseBody === undefined || responseBody === null) {
    // Portkey hands after-hooks of streamed responses a null body: there is nothing to scan or deny.
    return { kind: "skip", stage, reason: "the response has no JSON body to scan (streamed responses cannot be scanned by an after-hook)" };
  }
  const statusCode = ownProperty(responseContext, "statusCode");
  return {
    kind: "scan",
    stage,
    body: responseBody,
    shape: route.shape,
    ...(requestBody === undefined || requestBody === null ? {} : { request: requestBody }),
    context: { ...guardContext, ...(typeof statusCode === "number" ? { statusCode } : {}) },
  };
}
