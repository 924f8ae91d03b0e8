import { normalizeHostAndPath } from "../detectors/match-blocked-host";
import { createAllowVerdict } from "../engine/create-verdict";
import { evaluatePayload } from "../engine/evaluate-payload";
import type { CompiledPolicy } from "../policies/compile-policy";
import { filterByContextSource } from "../policies/filter-by-context-source";
import type { Envelope } from "../protocol/bind-envelope";
import { buildMaliciousEvent } from "../protocol/build-malicious-event";
import { formatVerdict, type VerdictFormat } from "../protocol/format-verdict";
import { parseHeaderMap } from "../protocol/parse-header-map";
import { resolveSessionIds } from "../protocol/resolve-session-ids";
import type { ValidationRoute, Verdict } from "../types";
import type { RouteContext } from "./route-context";
import { recordLatency, type ServerState } from "./server-state";

export interface SideValidation {
  context: RouteContext;
  route: ValidationRoute;
  direction: "request" | "response";
  envelope: Envelope;
  /** The envelope text as received, stored in threat events and in the record. */
  rawEnvelope: string;
  payload: string;
  /** Answer for an empty payload (`No request body provided`). */
  emptyReason: string;
  /** The value policies are filtered by. */
  contextSource: string;
  applyIgnorePhrases: boolean;
  useSessions: boolean;
  /** Evaluate only these (playground); default: the served policies for the direction. */
  policies?: readonly CompiledPolicy[];
}

export function verdictFormatOf(state: ServerState): VerdictFormat {
  return {
    casing: state.options.responseCasing,
    metadata: state.options.metadata,
    echoModifiedPayload: state.options.echoModifiedPayload,
  };
}

export function renderVerdict(state: ServerState, verdict: Verdict, payload: string): Record<string, unknown> {
  return formatVerdict(verdict, payload, verdictFormatOf(state));
}

/** Validates one side of one envelope, records it and emits a threat event when due. */
export function validateSide(input: SideValidation): Verdict {
  const { context, envelope } = input;
  const { state } = context;
  const envelopeHeaders = parseHeaderMap(envelope.requestHeaders);
  const session = input.useSessions
    ? resolveSessionIds(context.request.headers, envelopeHeaders)
    : { sessionId: "", requestId: "" };
  const target = normalizeHostAndPath(envelopeHeaders.get("host") ?? "", envelope.path);

  let verdict: Verdict;
  if (input.payload === "") {
    verdict = createAllowVerdict(input.emptyReason);
  } else {
    verdict = evaluatePayload({
      payload: input.payload,
      policies: filterByContextSource(input.policies ?? state.policies[input.direction], input.contextSource),
      host: target.host,
      path: target.path,
      checkBlockedHosts: input.direction === "request",
      applyIgnorePhrases: input.applyIgnorePhrases,
      placeholder: state.options.redactionPlaceholder,
      alertAllowed: state.options.alertAllowed,
    });
  }

  const latencyMs = performance.now() - context.startedAt;
  recordLatency(state, latencyMs);
  state.recorder.validations.push({
    route: input.route,
    direction: input.direction,
    // The whole body is usually the envelope: reuse its bytes rather than encoding the text again.
    envelopeBytes: input.rawEnvelope === context.body ? context.bodyBytes : Buffer.from(input.rawEnvelope, "utf8"),
    payload: input.payload,
    contextSource: envelope.contextSource,
    sessionId: session.sessionId,
    requestId: session.requestId,
    skipThreat: envelope.skipThreat,
    verdict,
    action: verdict.action,
    latencyMs,
    fault: context.fault?.kind ?? null,
  });

  if (verdict.behaviour !== "" && !envelope.skipThreat) {
    state.recorder.events.push({
      source: "generated",
      kind: "malicious_event",
      route: input.route,
      body: buildMaliciousEvent({
        envelope,
        verdict,
        direction: input.direction,
        payload: input.payload,
        host: envelopeHeaders.get("host") ?? "",
        contextSource: input.contextSource,
        sessionId: session.sessionId,
        remoteAddress: context.request.socket.remoteAddress ?? "",
        rawEnvelope: input.rawEnvelope,
      }),
    });
  }
  return verdict;
}
