import type { AktoVerdict } from "../akto/akto-verdict";
import { parseAktoResult, parseHttpProxyResult } from "../akto/parse-akto-result";
import { GuardrailError } from "../errors/guardrail-error";
import type { Failure, FailureClass } from "../failure/failure-class";
import type { ResolvedGuardrailsOptions } from "../options/guardrails-options";
import type { AbortSignalLike, AktoRequest, GuardEnvironment } from "./environment";

export type VerdictOutcome =
  | { readonly kind: "verdict"; readonly verdict: AktoVerdict; readonly cached: boolean }
  | { readonly kind: "failure"; readonly failure: Failure };

// Failures that say "Akto is unhealthy" and so count towards opening the circuit. Auth and
// client errors are configuration problems: they answer fast and a breaker would only hide them.
const BREAKER_FAILURES: ReadonlySet<FailureClass> = new Set([
  "timeout",
  "connection",
  "server",
  "rate_limited",
  "malformed_response",
]);

/** Normalises anything a transport rejects with into a failure value. */
export function failureFromError(error: unknown): Failure {
  if (GuardrailError.isInstance(error) && error.failureClass) {
    return {
      class: error.failureClass,
      message: error.message,
      ...(error.status === undefined ? {} : { status: error.status }),
    };
  }
  return { class: "connection", message: "Akto transport failed" };
}

async function cacheKey(environment: GuardEnvironment, material: string): Promise<string> {
  return environment.hashKey ? await environment.hashKey(material) : material;
}

export interface ObtainVerdictInput {
  /** Builds the Akto request; only called when Akto is actually called (not on a cache hit or an open circuit). */
  readonly request: () => AktoRequest;
  /**
   * What identifies the verdict: stage, endpoint, policy scope and the exact payload Akto scans.
   * A function, so the material is only built when a cache is in use.
   */
  readonly cacheMaterial: () => string;
  readonly signal?: AbortSignalLike;
}

/**
 * Gets a verdict for one Akto request: from the cache, or through the breaker and the transport.
 * Never throws; failures come back as values. Failures are never cached.
 */
export async function obtainVerdict(
  input: ObtainVerdictInput,
  options: ResolvedGuardrailsOptions,
  environment: GuardEnvironment,
): Promise<VerdictOutcome> {
  const useCache = options.cache.enabled && environment.cache !== undefined;
  const key = useCache ? await cacheKey(environment, input.cacheMaterial()) : "";
  if (useCache) {
    try {
      const hit = await environment.cache!.get(key);
      if (hit) return { kind: "verdict", verdict: hit, cached: true };
    } catch {
      // A broken shared cache must not break guarding: fall through to Akto.
    }
  }

  const breaker = options.breaker.enabled ? environment.breaker : undefined;
  if (breaker && !breaker.tryAcquire()) {
    return { kind: "failure", failure: { class: "circuit_open", message: "circuit breaker is open; Akto not called" } };
  }

  let outcome: VerdictOutcome;
  try {
    const aktoRequest = input.request();
    const response = await environment.transport.send(aktoRequest, {
      timeoutMs: options.timeoutMs,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const parsed =
      options.akto.endpoint === "http-proxy"
        ? parseHttpProxyResult(response.status, response.body, aktoRequest.stage === "input" ? "request" : "response")
        : parseAktoResult(response.status, response.body);
    outcome = parsed.ok
      ? { kind: "verdict", verdict: parsed.verdict, cached: false }
      : { kind: "failure", failure: parsed.failure };
  } catch (error) {
    if (input.signal?.aborted) {
      // The caller went away; that says nothing about Akto's health.
      breaker?.release();
      return { kind: "failure", failure: { class: "connection", message: "guard call aborted by the caller" } };
    }
    outcome = { kind: "failure", failure: failureFromError(error) };
  }

  if (breaker) {
    if (outcome.kind === "verdict") breaker.recordSuccess();
    else if (BREAKER_FAILURES.has(outcome.failure.class)) breaker.recordFailure();
    else breaker.release();
  }
  if (outcome.kind === "verdict" && useCache) {
    try {
      await environment.cache!.set(key, outcome.verdict, options.cache.ttlMs);
    } catch {
      // Caching is an optimisation; never let it fail a request.
    }
  }
  return outcome;
}
