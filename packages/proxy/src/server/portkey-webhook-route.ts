import { createPortkeyWebhookHandler, type WebhookCheck } from "@akto-guardrails/portkey-plugin";
import type { Guardrails } from "@akto-guardrails/sdk";
import type { HeaderMap } from "../upstream/hop-by-hop";

/** What the proxy hands the webhook logic, and what it answers (the portkey-plugin's handler contract). */
export interface PortkeyWebhookRequest {
  readonly headers: HeaderMap;
  /** The raw body text; the plugin's handler parses it. */
  readonly body: string;
  readonly signal?: AbortSignal;
}

export interface PortkeyWebhookAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type PortkeyWebhookRoute = (request: PortkeyWebhookRequest) => Promise<PortkeyWebhookAnswer>;

export interface PortkeyWebhookRouteOptions {
  readonly guardrails: Guardrails;
  readonly token?: string;
}

/**
 * The small adapter between the proxy and `@akto-guardrails/portkey-plugin`'s webhook handler. The
 * plugin owns the logic (Portkey payload → guard input → `verdict` / `transformedData`); the proxy
 * supplies its guard engine as the `check`, so webhook calls share the proxy's breaker, cache, events
 * and metrics.
 */
export function createPortkeyWebhookRoute(options: PortkeyWebhookRouteOptions): PortkeyWebhookRoute {
  const { guardrails } = options;
  const check: WebhookCheck = (stage, body, context) => {
    const { request, signal, ...rest } = context;
    const checkContext = { ...rest, ...(signal ? { signal: signal as AbortSignal } : {}) };
    return stage === "input"
      ? guardrails.checkRequest(body, checkContext)
      : guardrails.checkResponse(body, { ...checkContext, ...(request === undefined ? {} : { request }) });
  };
  const handle = createPortkeyWebhookHandler({ check, ...(options.token ? { token: options.token } : {}) });
  return (request) => handle({ headers: request.headers, body: request.body, ...(request.signal ? { signal: request.signal } : {}) });
}
