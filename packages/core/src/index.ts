// @akto-guardrails/core: the pure decision core. Depends on zod only; runs on Node, browsers and workerd.

// Errors and options
export { GuardrailError, errorCodeForFailureClass } from "./errors/guardrail-error";
export type { GuardrailErrorCode, GuardrailErrorOptions } from "./errors/guardrail-error";
export {
  CONTEXT_SOURCES,
  GuardrailsOptionsSchema,
  formatOptionIssues,
  parseGuardrailsOptions,
  resolveGuardrailsOptions,
  safeParseGuardrailsOptions,
} from "./options/guardrails-options";
export type {
  ContextSource,
  FailModeValue,
  FailPolicy,
  GuardrailsOptions,
  OptionsParseResult,
  OutputMode,
  ResolvedGuardrailsOptions,
} from "./options/guardrails-options";

// API shapes and texts
export type {
  ApiShape,
  DetectedShape,
  Extraction,
  JsonPath,
  SegmentKind,
  SegmentRole,
  Stage,
  TextSegment,
  UnscannedPart,
} from "./shapes/types";
export { detectApiShape } from "./shapes/detect-api-shape";
export { extractRequestTexts } from "./shapes/extract-request-texts";
export { extractResponseTexts } from "./shapes/extract-response-texts";
export { formatJsonPath, getAtPath, setAtPath } from "./shapes/json-path";
export { buildSyntheticResponse } from "./shapes/synthetic-response";
export type { SyntheticResponse, SyntheticResponsePart } from "./shapes/synthetic-response";
export type { JsonValue, ParseResult } from "./util/json";
export { safeParseJson, safeStringifyJson } from "./util/json";

// Sanitization
export { applySegmentTexts } from "./sanitize/apply-segment-texts";
export type { ApplySegmentTextsResult } from "./sanitize/apply-segment-texts";
export { mapModifiedPayload } from "./sanitize/map-modified-payload";
export type { MapModifiedPayloadInput, ModifiedPayloadMapping } from "./sanitize/map-modified-payload";

// Akto wire format
export { buildAktoRequest, buildEnvelope, toAktoPayload } from "./akto/build-envelope";
export type { EnvelopeInput, GuardContext } from "./akto/build-envelope";
export { isCredentialHeader, stripCredentialHeaders } from "./akto/credential-headers";
export type { HeaderInput } from "./akto/credential-headers";
export { parseAktoResult, parseHttpProxyResult, parseValidationResult } from "./akto/parse-akto-result";
export type { AktoResultParse, HttpProxySide } from "./akto/parse-akto-result";
export type { AktoVerdict } from "./akto/akto-verdict";

// Decisions and failures
export type { Action, Decision, Outcome } from "./verdict/decision";
export { evaluateVerdict } from "./verdict/evaluate-verdict";
export type { EvaluateVerdictOptions } from "./verdict/evaluate-verdict";
export { FAILURE_CLASSES, classifyHttpStatus } from "./failure/failure-class";
export type { Failure, FailureClass } from "./failure/failure-class";
export { resolveFailure } from "./failure/resolve-failure";
export type { ResolveFailureOptions } from "./failure/resolve-failure";
export { createCircuitBreaker } from "./breaker/circuit-breaker";
export type { CircuitBreaker, CircuitBreakerOptions, CircuitSnapshot, CircuitState } from "./breaker/circuit-breaker";

// The guard pipeline
export type {
  AbortSignalLike,
  AktoRequest,
  AktoResponse,
  AktoTransport,
  CacheStore,
  Clock,
  EventSink,
  GuardEnvironment,
} from "./pipeline/environment";
export { runGuard } from "./pipeline/run-guard";
export type { GuardRequest, GuardResult } from "./pipeline/run-guard";
export { failureFromError, obtainVerdict } from "./pipeline/obtain-verdict";
export type { VerdictOutcome } from "./pipeline/obtain-verdict";
export { runWindowGuard } from "./pipeline/run-window-guard";
export type { WindowDecision, WindowGuardRequest, WindowTextPart } from "./pipeline/run-window-guard";
export { isReportable } from "./events/guardrail-event";
export type { GuardrailEvent } from "./events/guardrail-event";

// Client-facing results
export { apiDialectForShape, buildApiError } from "./responses/api-error";
export type { ApiDialect, ApiErrorInput } from "./responses/api-error";
export { buildBlockedResponse, combinedDecisionHeaders, decisionHeaders, dominantResult } from "./responses/blocked-response";
export type { BlockedResponse } from "./responses/blocked-response";

// Streams
export type { SseEvent, StreamFormat } from "./stream/types";
export { createSseParser } from "./stream/sse-parser";
export type { SseParser } from "./stream/sse-parser";
export { serializeSseEvent } from "./stream/serialize-sse-event";
export { createStreamAssembler } from "./stream/stream-assembler";
export type { StreamAssembler } from "./stream/stream-assembler";
export { createStreamGuard } from "./stream/stream-guard";
export type { StreamGuard, StreamGuardOptions, StreamStep, WindowScan, WindowVerdict } from "./stream/stream-guard-types";
export { streamFormatForShape } from "./stream/stream-format-for-shape";

// Conformance
export { conformanceAnswerText } from "./conformance/conformance-vector";
export type { ConformanceAktoAnswer, ConformanceDocument, ConformanceVector } from "./conformance/conformance-vector";

export { VERSION } from "./version";
