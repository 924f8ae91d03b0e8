import { backpressureReason, createAllowVerdict } from "../engine/create-verdict";
import { createFailOpenObject } from "../protocol/format-verdict";
import type { FaultKind, FaultState } from "../types";
import { parseJsonSafely } from "../util/parse-json-safely";
import { jsonContentType, jsonReply, textContentType, type HttpReply } from "./http-reply";
import { wrapProxyResult } from "./handle-http-proxy";
import type { ServerState } from "./server-state";
import { renderVerdict } from "./validate-side";

/** Faults that replace the answer entirely (the request is not evaluated). */
export const replacementFaults: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "status",
  "hang",
  "reset",
  "non_json",
  "wrong_types",
  "backpressure",
  "fail_open_object",
]);

const defaultStatusBodies: Record<number, unknown> = {
  400: { error: "Invalid request format" },
  500: { error: "Validation failed" },
};

const nonJsonBody =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>upstream unavailable</p></body></html>\n";

const wrongTypesBody = {
  Allowed: "yes",
  Modified: 1,
  ModifiedPayload: null,
  Reason: 42,
  Metadata: "none",
  behaviour: true,
};

function statusReply(fault: FaultState): HttpReply {
  const status = fault.status ?? 500;
  const body = fault.body !== undefined ? fault.body : defaultStatusBodies[status];
  const reply: HttpReply =
    body === undefined
      ? { status, body: "", contentType: null }
      : typeof body === "string"
        ? { status, body, contentType: parseJsonSafely(body).success ? jsonContentType : textContentType }
        : jsonReply(status, body);
  if (fault.headers !== undefined) reply.headers = fault.headers;
  return reply;
}

/** The reply of a replacement fault, or null for `hang`/`reset` (handled on the socket). */
export function faultReply(state: ServerState, fault: FaultState, path: string): HttpReply | null {
  // Verdict-shaped faults are wrapped in the DIS envelope on http-proxy, like a fail-open DIS.
  const verdictReply = (verdict: unknown) =>
    jsonReply(200, path === "/api/http-proxy" ? wrapProxyResult(verdict) : verdict);
  switch (fault.kind) {
    case "status":
      return statusReply(fault);
    case "non_json":
      return {
        status: 200,
        body: typeof fault.body === "string" ? fault.body : nonJsonBody,
        contentType: "text/html; charset=utf-8",
      };
    case "wrong_types":
      return verdictReply(fault.body !== undefined ? fault.body : wrongTypesBody);
    case "backpressure":
      return verdictReply(renderVerdict(state, createAllowVerdict(backpressureReason), ""));
    case "fail_open_object":
      return verdictReply(createFailOpenObject(fault.message ?? "guardrails-service unavailable"));
    default:
      return null;
  }
}
