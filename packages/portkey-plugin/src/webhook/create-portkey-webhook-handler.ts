import { safeParseJson, type AbortSignalLike, type DetectedShape, type GuardResult, type HeaderInput, type Stage } from "@akto-guardrails/core";
import { PortkeyPluginError, type PortkeyPluginErrorCode } from "../errors/portkey-plugin-error";
import { contextToGuardInput } from "../mapping/context-to-guard-input";
import { guardResultToResponse, passResponse } from "../mapping/guard-result-to-response";
import type { PluginHandlerResponse } from "../portkey/portkey-types";
import { constantTimeEqual, readWebhookToken, type WebhookHeaders } from "./webhook-token";

/** What the webhook knows about the guarded call, handed to {@link WebhookCheck}. */
export interface WebhookCheckContext {
  /** Route of the LLM call, derived from Portkey's `requestType` (`/v1/chat/completions`, ...). */
  readonly path: string;
  readonly shape: DetectedShape;
  /** Output stage: the request that produced the response. */
  readonly request?: unknown;
  /** Portkey's webhook sends no inbound headers, so this is normally empty. */
  readonly headers?: HeaderInput;
  readonly requestId?: string;
  readonly ip?: string;
  /** Output stage: the upstream status. */
  readonly statusCode?: number;
  readonly signal?: AbortSignalLike;
}

/** Runs the guard for one stage; the proxy passes its SDK guard engine, {@link createStandaloneWebhookHandler} core's `runGuard`. */
export type WebhookCheck = (stage: Stage, body: unknown, context: WebhookCheckContext) => Promise<GuardResult>;

export interface PortkeyWebhookHandlerOptions {
  readonly check: WebhookCheck;
  /** When set, calls must present it as `Authorization: Bearer <token>` or `x-akto-webhook-token`. */
  readonly token?: string;
}

/** A framework-neutral request: headers as Node gives them, the body already parsed (a JSON string is parsed too). */
export interface WebhookRequest {
  readonly headers: WebhookHeaders;
  readonly body: unknown;
  /** Aborts the Akto call when the caller goes away. */
  readonly signal?: AbortSignalLike;
}

export interface WebhookResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The answer Portkey's `default.webhook` reads: `verdict`, and for a sanitize decision the whole body in
 * `transformedData.request.json` (before-hook) or `.response.json` (after-hook). `data` is echoed to the client
 * in `hook_results.checks[].data.responseData`, so it carries decisions only.
 */
export interface WebhookVerdictBody {
  readonly verdict: boolean;
  readonly data: unknown;
  readonly transformedData?: PluginHandlerResponse["transformedData"];
}

export type PortkeyWebhookHandler = (request: WebhookRequest) => Promise<WebhookResponse>;

function errorAnswer(status: number, code: PortkeyPluginErrorCode, message: string): WebhookResponse {
  return { status, body: { error: { code, message } } };
}

function verdictAnswer(response: PluginHandlerResponse): WebhookResponse {
  const body: WebhookVerdictBody = {
    verdict: response.verdict,
    data: response.data,
    ...(response.transformed ? { transformedData: response.transformedData } : {}),
  };
  return { status: 200, body };
}

/**
 * The `POST /portkey/webhook` handler for stock Portkey gateways (`default.webhook`). The guard decision,
 * fail-closed included, is answered as a clean `verdict`; only an unreachable or failing webhook leaves the
 * outcome to Portkey's `failOnError`. Answers 401 without the configured token, 400 for a body that is not
 * a Portkey webhook payload, 500 when `check` itself throws. Never throws or rejects.
 */
export function createPortkeyWebhookHandler(options: PortkeyWebhookHandlerOptions): PortkeyWebhookHandler {
  if (typeof options?.check !== "function") {
    throw new PortkeyPluginError({ code: "ERR_INVALID_OPTIONS", message: "createPortkeyWebhookHandler: `check` must be a function" });
  }
  if (options.token !== undefined && (typeof options.token !== "string" || options.token.length === 0)) {
    throw new PortkeyPluginError({ code: "ERR_INVALID_OPTIONS", message: "createPortkeyWebhookHandler: `token` must be a non-empty string" });
  }
  const { check, token } = options;

  return async (request) => {
    try {
      if (token !== undefined) {
        const presented = readWebhookToken(request?.headers ?? {});
        if (presented === undefined || !constantTimeEqual(presented, token)) {
          return errorAnswer(401, "ERR_WEBHOOK_UNAUTHORIZED", "missing or invalid webhook token");
        }
      }
      let payload = request?.body;
      if (typeof payload === "string") {
        const parsed = safeParseJson(payload);
        if (!parsed.success) return errorAnswer(400, "ERR_INVALID_WEBHOOK_BODY", "the body is not valid JSON");
        payload = parsed.value;
      }
      const eventType = typeof payload === "object" && payload !== null ? (payload as { eventType?: unknown }).eventType : undefined;
      const input = contextToGuardInput(payload, eventType);
      if (input.kind === "invalid") return errorAnswer(400, "ERR_INVALID_WEBHOOK_BODY", `not a Portkey webhook payload: ${input.message}`);
      if (input.kind === "skip") return verdictAnswer(passResponse(input.stage, input.reason));

      const { context } = input;
      const result = await check(input.stage, input.body, {
        path: context.path,
        shape: input.shape,
        ...(input.request === undefined ? {} : { request: input.request }),
        ...(context.headers ? { headers: context.headers } : {}),
        ...(context.requestId ? { requestId: context.requestId } : {}),
        ...(context.ip ? { ip: context.ip } : {}),
        ...(context.statusCode === undefined ? {} : { statusCode: context.statusCode }),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      return verdictAnswer(guardResultToResponse(result));
    } catch {
      return errorAnswer(500, "ERR_INTERNAL", "the guardrail check failed");
    }
  };
}
