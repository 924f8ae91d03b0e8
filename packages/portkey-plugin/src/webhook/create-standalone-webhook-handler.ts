import {
  createCircuitBreaker,
  GuardrailError,
  parseGuardrailsOptions,
  runGuard,
  type Clock,
  type GuardEnvironment,
  type GuardrailsOptions,
} from "@akto-guardrails/core";
import { PortkeyPluginError } from "../errors/portkey-plugin-error";
import { createFetchTransport, type FetchFunction } from "../plugin/fetch-transport";
import { createPortkeyWebhookHandler, type PortkeyWebhookHandler } from "./create-portkey-webhook-handler";

export interface StandaloneWebhookOptions {
  /**
   * Core guardrails options. Defaults differ from core's in two places: `output` is `"buffer"` (the webhook
   * is only called for hooks that are configured) and `events` is `{ destination: "none" }` (there is no event
   * sink here, so Akto records its own threat events).
   */
  readonly guardrails: GuardrailsOptions;
  /** Required token (`Authorization: Bearer <token>` or `x-akto-webhook-token`). */
  readonly token?: string;
  /** Replaces the global `fetch` for the Akto calls. */
  readonly fetch?: FetchFunction;
  readonly clock?: Clock;
}

/**
 * The Portkey webhook without the SDK: `check` is core's `runGuard` over the plugin's fetch transport, with one
 * circuit breaker for the handler. Throws `GuardrailError` `ERR_INVALID_OPTIONS` for invalid options.
 */
export function createStandaloneWebhookHandler(options: StandaloneWebhookOptions): PortkeyWebhookHandler {
  const guardrails = options?.guardrails as Partial<GuardrailsOptions> | undefined;
  if (guardrails?.events?.destination === "threat") {
    throw new GuardrailError({
      code: "ERR_INVALID_OPTIONS",
      message: 'Invalid guardrails options:\n- events.destination: the standalone webhook has no event sink; use "none" (Akto then records its own events)',
    });
  }
  const resolved = parseGuardrailsOptions({ output: "buffer", events: { destination: "none" }, ...guardrails });
  const clock: Clock = options.clock ?? { now: () => Date.now() };
  let counter = 0;
  const environment: GuardEnvironment = {
    transport: createFetchTransport({
      baseUrl: resolved.akto.baseUrl,
      authScheme: resolved.akto.authScheme,
      ...(resolved.akto.apiKey ? { apiKey: resolved.akto.apiKey } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    clock,
    generateId: () => globalThis.crypto?.randomUUID?.() ?? `akto-webhook-${(counter += 1).toString(36)}`,
    ...(resolved.breaker.enabled ? { breaker: createCircuitBreaker(resolved.breaker, clock) } : {}),
  };
  if (options.token !== undefined && typeof options.token !== "string") {
    throw new PortkeyPluginError({ code: "ERR_INVALID_OPTIONS", message: "createStandaloneWebhookHandler: `token` must be a string" });
  }
  return createPortkeyWebhookHandler({
    ...(options.token === undefined ? {} : { token: options.token }),
    check: (stage, body, context) =>
      runGuard(
        {
          stage,
          body,
          shape: context.shape,
          ...(context.request === undefined ? {} : { request: context.request }),
          context: {
            path: context.path,
            ...(context.headers ? { headers: context.headers } : {}),
            ...(context.requestId ? { requestId: context.requestId } : {}),
            ...(context.ip ? { ip: context.ip } : {}),
            ...(context.statusCode === undefined ? {} : { statusCode: context.statusCode }),
          },
          ...(context.signal ? { signal: context.signal } : {}),
        },
        resolved,
        environment,
      ),
  });
}
