import type { GuardContext } from "../akto/build-envelope";
import type { Extraction, Stage } from "../shapes/types";
import type { Decision } from "../verdict/decision";
import type { GuardrailEvent } from "./guardrail-event";
import type { Mutable } from "../util/mutable";

export interface GuardrailEventInput {
  readonly id: string;
  readonly startedAt: number;
  readonly latencyMs: number;
  readonly stage: Stage;
  readonly decision: Decision;
  readonly context: GuardContext;
  readonly extraction: Extraction;
  readonly model: string | undefined;
  readonly cached: boolean;
  readonly sanitizedSegments: number | undefined;
  readonly includePayloads: boolean;
}

/** The event of one decision. Optional fields are assigned only when present (this runs on every request). */
export function buildGuardrailEvent(input: GuardrailEventInput): GuardrailEvent {
  const { decision, context, extraction } = input;
  const event: Mutable<GuardrailEvent> = {
    id: input.id,
    time: new Date(input.startedAt).toISOString(),
    stage: input.stage,
    action: decision.outcome,
    flagged: decision.flagged,
    reason: decision.reason,
    latencyMs: input.latencyMs,
    route: context.path,
    method: context.method === undefined ? "POST" : context.method.toUpperCase(),
    shape: extraction.shape,
    cached: input.cached,
    scannedSegments: extraction.segments.length,
    unscannedParts: extraction.unscanned.length,
  };
  if (decision.rule) event.rule = decision.rule;
  if (decision.policy) event.policy = decision.policy;
  if (decision.behaviour) event.behaviour = decision.behaviour;
  if (decision.failure) event.failureClass = decision.failure.class;
  if (input.model) event.model = input.model;
  if (context.requestId) event.requestId = context.requestId;
  if (context.sessionId) event.sessionId = context.sessionId;
  if (context.ip) event.ip = context.ip;
  if (input.sanitizedSegments) event.sanitizedSegments = input.sanitizedSegments;
  if (input.includePayloads) event.texts = extraction.segments.map((segment) => segment.text);
  return event;
}
