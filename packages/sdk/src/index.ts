export { createAktoClient } from "./akto-client/create-akto-client";
export type { AktoClient, AktoClientOptions, CallOptions, HttpProxyFlags, HttpProxyResult } from "./akto-client/create-akto-client";
export { createGuardrails } from "./guard/create-guardrails";
export type {
  CheckContext,
  CheckResponseContext,
  CreateGuardrailsOptions,
  Guardrails,
  GuardrailsDependencies,
  GuardrailsStats,
} from "./guard/create-guardrails";
export { createLruCache } from "./cache/create-lru-cache";
export type { LruCache, LruCacheOptions, LruCacheStats } from "./cache/create-lru-cache";
export { createEventReporter } from "./events/create-event-reporter";
export type { EventReporter, EventReporterOptions, EventReporterStats } from "./events/create-event-reporter";
export { toMaliciousEvent } from "./events/to-malicious-event";
export { createLogger, REDACT_PATHS } from "./logging/create-logger";
export type { CreateLoggerOptions } from "./logging/create-logger";
export { guardSseStream } from "./stream/guard-sse-stream";
export type { GuardedSseStream, GuardSseStreamOptions, StreamGuardMode, StreamSummary } from "./stream/guard-sse-stream";
export { guardedFetch } from "./fetch/guarded-fetch";
export type { FetchFunction, GuardedFetch } from "./fetch/guarded-fetch";
export { VERSION } from "./version";
export { GuardrailError } from "@akto-guardrails/core";
export type { Decision, GuardResult, GuardrailEvent, GuardrailsOptions } from "@akto-guardrails/core";
export type { CallerSignal } from "./akto-client/caller-signal";
export { networkErrorCode, networkErrorKind } from "./net/network-error";
export type { NetworkErrorKind } from "./net/network-error";
