import {
  GuardrailError,
  runGuard,
  type CircuitBreakerOptions,
  type Clock,
  type GuardEnvironment,
} from "@akto-guardrails/core";
import { PortkeyPluginError } from "../errors/portkey-plugin-error";
import { contextToGuardInput, stageOfEvent } from "../mapping/context-to-guard-input";
import { errorResponse, guardResultToResponse, passResponse } from "../mapping/guard-result-to-response";
import type { PluginHandler } from "../portkey/portkey-types";
import { createBreakerRegistry, fingerprint } from "./breaker-registry";
import { createFetchTransport, type FetchFunction } from "./fetch-transport";
import { guardrailsOptionsFor, PLUGIN_BREAKER } from "./guardrails-options-for";
import { failsClosedByDefault, parsePluginParameters } from "./plugin-parameters";

export interface AktoPluginHandlerOptions {
  /** Replaces the global `fetch` (looked up at call time when omitted). */
  readonly fetch?: FetchFunction;
  readonly clock?: Clock;
  readonly generateId?: () => string;
  /** Circuit breaker per Akto endpoint and key; `false` turns it off. Default: 5 consecutive failures, 30 s open. */
  readonly breaker?: false | CircuitBreakerOptions;
}

function defaultGenerateId(): () => string {
  let counter = 0;
  return () => globalThis.crypto?.randomUUID?.() ?? `akto-${Date.now().toString(36)}-${(counter += 1).toString(36)}`;
}

/**
 * Creates a Portkey `PluginHandler` for both hooks: `beforeRequestHook` scans the whole request through
 * `/api/validate/request`, `afterRequestHook` the whole response through `/api/validate/response` (with the
 * request as context). The decision is core's; this maps Portkey's context in and the decision out.
 * Never throws and never rejects: every failure becomes a result with an `Error`.
 */
export function createAktoPluginHandler(options: AktoPluginHandlerOptions = {}): PluginHandler {
  const clock: Clock = options.clock ?? { now: () => Date.now() };
  const generateId = options.generateId ?? defaultGenerateId();
  const breakers = options.breaker === false ? undefined : createBreakerRegistry(options.breaker ?? PLUGIN_BREAKER, clock);

  return async (context, parameters, eventType) => {
    const stage = stageOfEvent(eventType);
    try {
      const parsed = parsePluginParameters(parameters);
      if (!parsed.ok) {
        const message = `ERR_INVALID_OPTIONS: invalid Akto plugin parameters:\n${parsed.problems.join("\n")}`;
        return errorResponse(stage, new GuardrailError({ code: "ERR_INVALID_OPTIONS", message }), parsed.failClosed);
      }
      const { settings } = parsed;
      const input = contextToGuardInput(context, eventType);
      if (input.kind === "invalid") {
        const error = new GuardrailError({ code: "ERR_INVALID_BODY", message: `ERR_INVALID_BODY: ${input.message}` });
        return errorResponse(input.stage, error, failsClosedByDefault(parameters));
      }
      if (input.stage === "output" && settings.scanOutput === "off") return passResponse("output", 'output scanning is off (scanOutput: "off")');
      if (input.kind === "skip") return passResponse(input.stage, input.reason);

      const environment: GuardEnvironment = {
        transport: createFetchTransport({
          baseUrl: settings.baseUrl,
          authScheme: settings.authScheme,
          ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
        clock,
        generateId,
        ...(breakers ? { breaker: breakers.get(`${settings.baseUrl}\n${settings.authScheme}\n${fingerprint(settings.apiKey ?? "")}`) } : {}),
      };
      const result = await runGuard(
        {
          stage: input.stage,
          body: input.body,
          shape: input.shape,
          ...(input.request === undefined ? {} : { request: input.request }),
          context: input.context,
        },
        guardrailsOptionsFor(settings, input.stage),
        environment,
      );
      return guardResultToResponse(result, { audit: input.stage === "output" && settings.scanOutput === "audit" });
    } catch (cause) {
      // Core never throws for anything Akto or the body can do; this is a bug, still never thrown into Portkey.
      const error = new PortkeyPluginError({ code: "ERR_INTERNAL", message: "ERR_INTERNAL: the Akto guardrail check failed unexpectedly", cause });
      let failClosed = true;
      try {
        failClosed = failsClosedByDefault(parameters);
      } catch {
        // parameters that throw on access: stay closed
      }
      return errorResponse(stage, error, failClosed);
    }
  };
}
