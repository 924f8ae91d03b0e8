import { GuardrailError } from "../errors/guardrail-error";
import type { GuardrailEvent } from "../events/guardrail-event";
import type { AktoRequest, AktoResponse, AktoTransport, CacheStore, Clock, GuardEnvironment } from "../pipeline/environment";
import type { AktoVerdict } from "../akto/akto-verdict";

export type ScriptedAnswer = AktoResponse | { fault: "timeout" | "connection" } | ((request: AktoRequest) => AktoResponse);

/** A transport that answers from a script and records what it was sent. */
export function createScriptedTransport(answer: ScriptedAnswer) {
  const sent: AktoRequest[] = [];
  let current = answer;
  const transport: AktoTransport = {
    async send(request) {
      sent.push(request);
      if (typeof current === "function") return current(request);
      if ("fault" in current) {
        throw current.fault === "timeout"
          ? GuardrailError.fromFailureClass("timeout", "Akto did not answer within the deadline", { isRetryable: true })
          : GuardrailError.fromFailureClass("connection", "connection refused", { isRetryable: true });
      }
      return current;
    },
  };
  return {
    transport,
    sent,
    setAnswer(next: ScriptedAnswer) {
      current = next;
    },
  };
}

export function createManualClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export function createMemoryCache(): CacheStore & { entries: Map<string, AktoVerdict> } {
  const entries = new Map<string, AktoVerdict>();
  return {
    entries,
    get: (key) => entries.get(key),
    set: (key, verdict) => {
      entries.set(key, verdict);
    },
  };
}

export function createTestEnvironment(transport: AktoTransport, extra: Partial<GuardEnvironment> = {}) {
  const events: GuardrailEvent[] = [];
  let counter = 0;
  const environment: GuardEnvironment = {
    transport,
    clock: createManualClock(),
    generateId: () => `event-${++counter}`,
    sink: { record: (event) => events.push(event) },
    ...extra,
  };
  return { environment, events };
}

/** A verdict answer as Akto's guardrails service writes it. */
export function aktoAnswer(body: unknown, status = 200): AktoResponse {
  return { status, body: typeof body === "string" ? body : JSON.stringify(body) };
}
