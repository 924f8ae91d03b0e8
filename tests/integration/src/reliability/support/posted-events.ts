import type { GuardrailEvent } from "@akto-guardrails/core";
import type { EventRecord, MockAkto } from "@akto-guardrails/mock-akto";

/** A posted `RecordMaliciousEventRequest` and the GuardrailEvent it carries in `latestApiPayload`. */
export interface PostedEvent {
  readonly record: EventRecord;
  readonly event: GuardrailEvent;
}

function guardrailEventOf(record: EventRecord): GuardrailEvent | undefined {
  if (record.source !== "posted" || record.kind !== "malicious_event") return undefined;
  const payload = (record.body as { maliciousEvent?: { latestApiPayload?: unknown } } | undefined)?.maliciousEvent?.latestApiPayload;
  if (typeof payload !== "string") return undefined;
  try {
    const parsed = JSON.parse(payload) as unknown;
    return typeof parsed === "object" && parsed !== null && typeof (parsed as { id?: unknown }).id === "string" ? (parsed as GuardrailEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** Every guardrail event posted to this mock-akto's threat route (mock-generated events are left out). */
export function postedEvents(akto: MockAkto): PostedEvent[] {
  return akto.admin.events().flatMap((record) => {
    const event = guardrailEventOf(record);
    return event ? [{ record, event }] : [];
  });
}

/**
 * Resolves with the first posted guardrail event that matches, waiting on mock-akto's event recorder (no polling,
 * no sleeping): each round waits for one more record than it has seen.
 */
export async function waitForPostedEvent(akto: MockAkto, matches: (event: GuardrailEvent) => boolean, timeoutMs = 5_000): Promise<PostedEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = akto.admin.events().length;
    const found = postedEvents(akto).find((posted) => matches(posted.event));
    if (found) return found;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error("no matching guardrail event was posted in time");
    await akto.admin.waitForEvents(seen + 1, remaining);
  }
}
