import type { AktoVerdict } from "../akto/akto-verdict";
import { buildAktoRequest, toAktoPayload, type GuardContext } from "../akto/build-envelope";
import { buildGuardrailEvent } from "../events/build-guardrail-event";
import { isReportable, type GuardrailEvent } from "../events/guardrail-event";
import { resolveFailure } from "../failure/resolve-failure";
import type { ResolvedGuardrailsOptions } from "../options/guardrails-options";
import { mapModifiedPayload } from "../sanitize/map-modified-payload";
import { detectApiShape } from "../shapes/detect-api-shape";
import { extractRequestTexts } from "../shapes/extract-request-texts";
import { extractResponseTexts } from "../shapes/extract-response-texts";
import type { DetectedShape, Extraction, Stage } from "../shapes/types";
import { isPlainObject } from "../util/json";
import type { Decision } from "../verdict/decision";
import { evaluateVerdict } from "../verdict/evaluate-verdict";
import type { AbortSignalLike, GuardEnvironment } from "./environment";
import { obtainVerdict } from "./obtain-verdict";

export interface GuardRequest {
  readonly stage: Stage;
  /** The parsed JSON body to scan: the request (input) or the response (output). */
  readonly body: unknown;
  /**
   * The exact JSON text `body` was parsed from, when the adapter has it. Akto's payload is then
   * built by wrapping the text instead of re-serialising the object (the costliest step of a check).
   */
  readonly rawBody?: string;
  /** The API shape; detected from `context.path` and the body when omitted. */
  readonly shape?: DetectedShape;
  /** Output stage: the request that produced the response, sent to Akto as context. */
  readonly request?: unknown;
  readonly context: GuardContext;
  /** Aborts the Akto call when the client goes away. */
  readonly signal?: AbortSignalLike;
}

export interface GuardResult {
  readonly decision: Decision;
  /** The body to forward: the sanitized copy, or the original object when nothing changed. */
  readonly body: unknown;
  /** Whether `body` differs from the input (sanitized). */
  readonly changed: boolean;
  readonly event: GuardrailEvent;
  /** Whether the event was handed to the sink (anything but a plain allow). */
  readonly reportable: boolean;
  readonly extraction: Extraction;
  readonly cached: boolean;
  readonly latencyMs: number;
}

function stageEnabled(stage: Stage, options: ResolvedGuardrailsOptions): boolean {
  return stage === "input" ? options.input.enabled : options.output.mode !== "off";
}

function modelOf(...bodies: unknown[]): string | undefined {
  for (const body of bodies) {
    if (isPlainObject(body) && typeof body["model"] === "string") return body["model"];
  }
  return undefined;
}

function plainAllow(stage: Stage, reason: string): Decision {
  return { action: "allow", outcome: "allow", stage, status: 200, flagged: false, reason };
}

interface Applied {
  readonly decision: Decision;
  readonly body: unknown;
  readonly sanitizedSegments: number;
}

/** Applies a sanitize decision to the body; anything that cannot be applied safely becomes a block. */
function applySanitization(
  decision: Decision,
  verdict: AktoVerdict,
  body: unknown,
  extraction: Extraction,
): Applied {
  const mapping = mapModifiedPayload({
    shape: extraction.shape,
    stage: extraction.stage,
    body,
    extraction,
    modifiedPayload: verdict.modifiedPayload,
  });
  if (!mapping.ok) {
    // Never forward the unsanitized original when Akto asked for redaction, not even in monitor mode.
    return {
      body,
      sanitizedSegments: 0,
      decision: {
        ...decision,
        action: "block",
        outcome: "block",
        status: 403,
        reason: `Akto requested a redaction that could not be applied safely (${mapping.reason})`,
      },
    };
  }
  if (mapping.changedSegments.length === 0) {
    return {
      body,
      sanitizedSegments: 0,
      decision: {
        ...decision,
        action: "allow",
        outcome: "allow",
        flagged: true,
        reason: mapping.ignoredNonTextChanges
          ? "Akto modified only fields outside the scanned text; the modification was ignored"
          : "Akto reported a modification but the scanned text is unchanged",
      },
    };
  }
  return { body: mapping.body, sanitizedSegments: mapping.changedSegments.length, decision };
}

/**
 * The request as context for an output scan. Left out when it cannot be serialized (a client's body
 * nested too deeply for JSON.stringify), so the response is still scanned rather than failing open.
 */
function contextPayload(requestBody: unknown): { requestPayload?: string } {
  try {
    return { requestPayload: toAktoPayload(requestBody) };
  } catch {
    return {};
  }
}

/**
 * The guard pipeline every adapter calls: extract → envelope → cache → breaker → Akto →
 * verdict or failure policy → sanitization → event. Never throws for anything Akto or the
 * body can do; the input body is never mutated.
 */
export async function runGuard(
  request: GuardRequest,
  options: ResolvedGuardrailsOptions,
  environment: GuardEnvironment,
): Promise<GuardResult> {
  const startedAt = environment.clock.now();
  const { stage, context } = request;
  const shape = request.shape ?? detectApiShape(context.path, stage === "input" ? request.body : request.request ?? request.body);
  const extraction = stage === "input" ? extractRequestTexts(shape, request.body) : extractResponseTexts(shape, request.body);

  let decision: Decision;
  let body = request.body;
  let cached = false;
  let sanitizedSegments: number | undefined;

  if (!stageEnabled(stage, options)) {
    decision = plainAllow(stage, `${stage} guardrails are off`);
  } else if (extraction.segments.length === 0 && extraction.unscanned.length === 0) {
    decision = plainAllow(stage, "nothing to scan");
  } else {
    // Built lazily: neither the payload nor the envelope is needed when the circuit is open and no cache is used.
    let scannedPayload: string | undefined;
    const payload = () =>
      (scannedPayload ??= request.rawBody === undefined ? toAktoPayload(request.body) : `{"body":${request.rawBody}}`);
    const aktoRequest = () =>
      buildAktoRequest(
        {
          stage,
          context,
          now: startedAt,
          ...(stage === "input"
            ? { requestPayload: payload() }
            : {
                responsePayload: payload(),
                ...(request.request === undefined ? {} : contextPayload(request.request)),
              }),
        },
        options,
      );
    // Akto scans the whole payload (tool descriptions included), so the key is the whole payload, not just texts.
    const cacheMaterial = () => [stage, options.akto.endpoint, options.akto.contextSource ?? "", context.path, payload()].join("\n");
    const outcome = await obtainVerdict(
      request.signal ? { request: aktoRequest, cacheMaterial, signal: request.signal } : { request: aktoRequest, cacheMaterial },
      options,
      environment,
    );
    if (outcome.kind === "unscannable") {
      // Never forwarded unscanned, whatever the fail mode or monitor setting.
      decision = { action: "block", outcome: "block", stage, status: 403, flagged: true, reason: `${stage === "input" ? "Request" : "Response"} could not be scanned: ${outcome.reason}` };
    } else if (outcome.kind === "failure") {
      const failPolicy = stage === "input" ? options.input.failPolicy : options.output.failPolicy;
      decision = resolveFailure(outcome.failure, { stage, failPolicy, mode: options.mode });
    } else {
      cached = outcome.cached;
      decision = evaluateVerdict(outcome.verdict, { stage, mode: options.mode });
      if (decision.action === "sanitize") {
        const applied = applySanitization(decision, outcome.verdict, request.body, extraction);
        decision = applied.decision;
        body = applied.body;
        sanitizedSegments = applied.sanitizedSegments;
      }
    }
  }

  const latencyMs = environment.clock.now() - startedAt;
  const event = buildGuardrailEvent({
    id: environment.generateId(),
    startedAt,
    latencyMs,
    stage,
    decision,
    context,
    extraction,
    model: modelOf(stage === "input" ? request.body : request.request, request.body),
    cached,
    sanitizedSegments,
    includePayloads: options.events.includePayloads,
  });
  const reportable = isReportable(event);
  if (reportable && environment.sink) {
    try {
      environment.sink.record(event);
    } catch {
      // A sink must not throw; if one does, the decision still stands.
    }
  }
  return { decision, body, changed: body !== request.body, event, reportable, extraction, cached, latencyMs };
}
