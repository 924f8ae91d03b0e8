import type { AktoVerdict } from "../akto/akto-verdict";
import type { CircuitBreaker } from "../breaker/circuit-breaker";
import type { GuardrailEvent } from "../events/guardrail-event";
import type { Stage } from "../shapes/types";

/** Wall-clock milliseconds since the epoch. Injected so tests control time. */
export interface Clock {
  now(): number;
}

/** The part of `AbortSignal` the core needs; a real `AbortSignal` satisfies it. */
export interface AbortSignalLike {
  readonly aborted: boolean;
}

/** One HTTP call to Akto, as the core wants it made. Credentials are added by the transport, never by the core. */
export interface AktoRequest {
  readonly stage: Stage;
  /** Path and query relative to `akto.baseUrl`, e.g. `/api/validate/request`. */
  readonly path: string;
  /** The JSON envelope, already serialised. */
  readonly body: string;
  /** Extra headers (`content-type`, session and request ids). Never credentials. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Akto's HTTP answer. */
export interface AktoResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one request to Akto within `timeoutMs`. Resolves with any HTTP answer
 * (the core classifies statuses); rejects on timeout or connection failure,
 * preferably with a `GuardrailError` whose code names the failure class.
 */
export interface AktoTransport {
  send(request: AktoRequest, options: { readonly timeoutMs: number; readonly signal?: AbortSignalLike }): Promise<AktoResponse>;
}

/** A verdict cache. Failures are never stored. Implementations may be shared between processes. */
export interface CacheStore {
  get(key: string): AktoVerdict | undefined | Promise<AktoVerdict | undefined>;
  set(key: string, verdict: AktoVerdict, ttlMs: number): void | Promise<void>;
}

/** Receives reportable events. Must not throw and must not block: queue, then return. */
export interface EventSink {
  record(event: GuardrailEvent): void;
}

/** Everything platform-specific the guard pipeline needs, injected by the adapter. */
export interface GuardEnvironment {
  readonly transport: AktoTransport;
  readonly clock: Clock;
  /** Returns a new unique id for an event. */
  readonly generateId: () => string;
  readonly cache?: CacheStore;
  /** Turns cache-key material into a short key (e.g. SHA-256). Without it the material itself is the key. */
  readonly hashKey?: (material: string) => string | Promise<string>;
  readonly sink?: EventSink;
  readonly breaker?: CircuitBreaker;
}
