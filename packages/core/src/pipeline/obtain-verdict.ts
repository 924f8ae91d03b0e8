import type { AktoVerdict } from "../akto/akto-verdict";
import { parseAktoResult, parseHttpProxyResult } from "../akto/parse-akto-result";
import { GuardrailError } from "../errors/guardrail-error";
import type { Failure, FailureClass } from "../failure/failure-class";
import type { ResolvedGuardrailsOptions } from "../options/guardrails-options";
import type { AbortSignalLike, AktoRequest, GuardEnvironment } from "./environment";

export type VerdictOutcome =
  | { readonly kind: "verdict"; readonly verdict: AktoVerdict; readonly cached: boolean }
  | { readonly kind: "failure"; readonly failure: Failure }
  /** The payload itself cannot be sent (nested too deeply to serialise): the caller's doing, not Akto's. */
  | { readonly kind: "unscannable"; readonly reason: string };

// Failures that say "Akto is unhealthy" and so count towards opening the circuit. Auth and
// client errors are configuration problems: they answer fast and a breaker would only hide them.
const BREAKER_FAILURES: ReadonlySet<FailureClass> = new Set([
  "timeout",
  "connection",
  "server",
  "rate_limited",
  "malformed_response",
]);

// A payload nested too deeply for JSON.stringify (JSON.parse copes, so a client can send one). It is a
// property of this request, not of Akto's health: it must not charge the breaker, and it must not be
// resolved by the fail policy either, or fail-open would let a crafted body through unscanned.
const UNSERIALIZABLE: VerdictOutcome = { kind: "unscannable", reason: "the body is nested too deeply to be scanned" };

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
  let key = "";
  if (useCache) {
    try {
      key = await cacheKey(environment, input.cacheMaterial());
    } catch {
      // The key embeds the payload; one that cannot be serialized cannot be sent either (see below).
      return UNSERIALIZABLE;
    }
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

  let aktoRequest: AktoRequest;
  try {
    aktoRequest = input.request();
  } catch {
    // The payload cannot be serialized (a body nested too deeply for JSON.stringify): a property of this
    // request, not of Akto's health, so it must not count against the breaker (a client could open it).
    breaker?.release();
    return UNSERIALIZABLE;
  }

  let outcome: VerdictOutcome;
  try {
    const timeoutMs = options.timeoutMs;
    const response = await environment.transport.send(aktoRequest, input.signal ? { timeoutMs, signal: input.signal } : { timeoutMs });
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
