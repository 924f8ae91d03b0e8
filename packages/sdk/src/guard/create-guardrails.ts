import type { CallerSignal } from "../akto-client/caller-signal";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createCircuitBreaker,
  parseGuardrailsOptions,
  runGuard,
  runWindowGuard,
  type AktoTransport,
  type ApiShape,
  type CacheStore,
  type CircuitSnapshot,
  type Clock,
  type DetectedShape,
  type GuardContext,
  type GuardEnvironment,
  type GuardRequest,
  type GuardResult,
  type GuardrailsOptions,
  type ResolvedGuardrailsOptions,
  type WindowDecision,
  type WindowTextPart,
} from "@akto-guardrails/core";
import type { Logger } from "pino";
import { createAktoClient, type AktoClient } from "../akto-client/create-akto-client";
import { createLruCache, type LruCacheStats } from "../cache/create-lru-cache";
import { sha256Key } from "../cache/sha256-key";
import { createEventReporter, type EventReporter, type EventReporterStats } from "../events/create-event-reporter";
import { toMaliciousEvent } from "../events/to-malicious-event";
import { createLogger } from "../logging/create-logger";
import { logResult } from "./log-result";
import type { Mutable } from "../util/mutable";

/** Platform parts a caller may replace; everything else comes from the options. */
export interface GuardrailsDependencies {
  /** A pino logger (credentials are redacted by the default one). */
  readonly logger?: Logger;
  /** Replaces the undici Akto client (tests, custom transports). */
  readonly transport?: AktoTransport;
  /** Replaces the in-memory LRU, e.g. with a shared store. */
  readonly cacheStore?: CacheStore;
  readonly clock?: Clock;
}

export type CreateGuardrailsOptions = GuardrailsOptions & GuardrailsDependencies;

export interface CheckContext extends GuardContext {
  /** The API shape; detected from `path` and the body when omitted. */
  readonly shape?: DetectedShape;
  /** Aborts the Akto call when the client goes away. */
  readonly signal?: CallerSignal;
  /**
   * The exact JSON text the body was parsed from, when the caller has it: Akto's payload is then wrapped
   * from the text instead of re-serialised from the object (the costliest step of a check).
   */
  readonly rawBody?: string;
}

export interface CheckResponseContext extends CheckContext {
  /** The request that produced this response, sent to Akto as context. */
  readonly request?: unknown;
}

export interface GuardrailsStats {
  readonly breaker: CircuitSnapshot;
  readonly cache?: LruCacheStats;
  readonly events: EventReporterStats;
}

/** The guard engine: core's pipeline wired to undici, the real clock, an LRU cache, a breaker and the event reporter. */
export interface Guardrails {
  readonly options: ResolvedGuardrailsOptions;
  readonly logger: Logger;
  checkRequest(body: unknown, context: CheckContext): Promise<GuardResult>;
  checkResponse(body: unknown, context: CheckResponseContext): Promise<GuardResult>;
  /** Scans one window of streamed output (see `guardSseStream`). */
  checkStreamWindow(
    parts: ReadonlyArray<WindowTextPart>,
    context: CheckContext & { readonly shape: ApiShape },
  ): Promise<{ readonly verdict: WindowDecision; readonly result: GuardResult }>;
  /** Akto's health and the breaker state, for readiness probes. */
  health(): Promise<{ readonly akto: { readonly healthy: boolean; readonly status: number }; readonly breaker: CircuitSnapshot }>;
  stats(): GuardrailsStats;
  /** Called with every result (metrics); returns an unsubscribe function. */
  onResult(listener: (result: GuardResult) => void): () => void;
  /** Flushes events (spooling what cannot be delivered) and closes connections. */
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => Date.now() };

export function createGuardrails(input: CreateGuardrailsOptions): Guardrails {
  const { logger: givenLogger, transport: givenTransport, cacheStore, clock: givenClock, ...rawOptions } = input;
  const options = parseGuardrailsOptions(rawOptions);
  const logger = givenLogger ?? createLogger({ name: "akto-guardrails" });
  const clock = givenClock ?? systemClock;
  const client: AktoClient | undefined = givenTransport
    ? undefined
    : createAktoClient({
        baseUrl: options.akto.baseUrl,
        authScheme: options.akto.authScheme,
        timeoutMs: options.timeoutMs,
        ...(options.akto.apiKey ? { apiKey: options.akto.apiKey } : {}),
        ...(options.akto.contextSource ? { contextSource: options.akto.contextSource } : {}),
      });
  // Events always go through an undici client; with an injected transport it is a separate one.
  const eventClient =
    client ??
    createAktoClient({
      baseUrl: options.akto.baseUrl,
      timeoutMs: options.timeoutMs,
      ...(options.akto.apiKey ? { apiKey: options.akto.apiKey } : {}),
    });
  const lru = cacheStore ? undefined : createLruCache({ maxEntries: options.cache.maxEntries, maxBytes: options.cache.maxBytes });
  const reporting = options.events.destination !== "none";
  const reporter: EventReporter = createEventReporter({
    deliver: (body) => eventClient.recordEvent(body, { url: options.events.url }),
    toBody: (event) => toMaliciousEvent(event, options.akto.contextSource),
    batchSize: options.events.batchSize,
    flushIntervalMs: options.events.flushIntervalMs,
    maxQueue: options.events.maxQueue,
    // One spool per destination, so a restart never replays one account's events into another's.
    ...(reporting ? { spoolDir: options.events.spoolDir ?? join(tmpdir(), "akto-guardrails-events", sha256Key(options.events.url).slice(0, 16)) } : {}),
    logger,
  });
  const breaker = createCircuitBreaker(options.breaker, clock);
  const environment: GuardEnvironment = {
    transport: givenTransport ?? client!,
    clock,
    generateId: randomUUID,
    cache: cacheStore ?? lru!,
    hashKey: sha256Key,
    breaker,
    ...(reporting ? { sink: reporter } : {}),
  };
  const listeners = new Set<(result: GuardResult) => void>();

  let lastBreakerState = breaker.snapshot().state;
  const observe = (result: GuardResult): GuardResult => {
    logResult(logger, result, options.logPayloads);
    const breakerState = breaker.snapshot();
    if (breakerState.state !== lastBreakerState) {
      lastBreakerState = breakerState.state;
      logger.warn(
        { breaker: breakerState.state, consecutiveFailures: breakerState.consecutiveFailures, cooldownMs: options.breaker.cooldownMs },
        breakerState.state === "open"
          ? "akto guardrails circuit opened: Akto is skipped and checks follow the fail policy until the cool-down ends"
          : `akto guardrails circuit ${breakerState.state === "closed" ? "closed: Akto answers again" : "half-open: probing Akto"}`,
      );
    }
    for (const listener of listeners) {
      try {
        listener(result);
      } catch {
        // Observers must never break guarding.
      }
    }
    return result;
  };

  /**
   * A pipeline request from a check context (assignments rather than spreads: this runs on every request). Core reads
   * only GuardContext's own fields, so the check context is passed as it is, here and for stream windows.
   */
  const guardRequestOf = (stage: GuardRequest["stage"], body: unknown, context: CheckContext): Mutable<GuardRequest> => {
    const request: Mutable<GuardRequest> = { stage, body, context };
    if (context.shape) request.shape = context.shape;
    if (context.signal) request.signal = context.signal;
    if (context.rawBody !== undefined) request.rawBody = context.rawBody;
    return request;
  };

  return {
    options,
    logger,
    async checkRequest(body, context) {
      return observe(await runGuard(guardRequestOf("input", body, context), options, environment));
    },
    async checkResponse(body, context) {
      const { request, ...rest } = context;
      const guardRequest = guardRequestOf("output", body, rest);
      if (request !== undefined) guardRequest.request = request;
      return observe(await runGuard(guardRequest, options, environment));
    },
    async checkStreamWindow(parts, context) {
      const outcome = await runWindowGuard(
        { shape: context.shape, parts, context, ...(context.signal ? { signal: context.signal } : {}) },
        options,
        environment,
      );
      observe(outcome.result);
      return outcome;
    },
    async health() {
      const akto = await eventClient.health({ timeoutMs: options.timeoutMs });
      return { akto, breaker: breaker.snapshot() };
    },
    stats() {
      return { breaker: breaker.snapshot(), ...(lru ? { cache: lru.stats() } : {}), events: reporter.stats() };
    },
    onResult(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await reporter.close();
      await eventClient.close();
      if (client && client !== eventClient) await client.close();
    },
  };
}
