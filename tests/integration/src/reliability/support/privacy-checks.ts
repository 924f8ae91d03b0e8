import type { MockAkto } from "@akto-guardrails/mock-akto";
import type { MockLlm } from "@akto-guardrails/mock-llm";
import { expect } from "vitest";
import { postedEvents } from "./posted-events";
import { AKTO_KEY, CLIENT_SECRETS, occurrences, PROMPT_TEXTS, PROVIDER_KEY, WEBHOOK_TOKEN } from "./secret-material";

export interface PrivacyRecordings {
  readonly akto: MockAkto;
  readonly llm?: MockLlm;
  /** Everything the adapter logged (raw pino output), when it logs. */
  readonly logs?: string;
  /** Portkey check `data` objects returned to the gateway / webhook caller. */
  readonly portkeyData?: ReadonlyArray<unknown>;
  /** Whole Portkey results (verdict, error, data, transformedData) or webhook answers. */
  readonly portkeyResults?: ReadonlyArray<unknown>;
  /** Client-visible error bodies and messages. */
  readonly clientErrors?: ReadonlyArray<string>;
  /** The adapter reports events to Akto's threat route. */
  readonly expectEvents: boolean;
  /** The upstream must have received the client's provider key (proves the secret was really in the traffic). */
  readonly expectProviderKeyUpstream: boolean;
}

export interface PrivacyFigures {
  readonly aktoRequests: number;
  readonly upstreamRequests: number;
  readonly logLines: number;
  readonly postedEvents: number;
  readonly portkeyResults: number;
}

const ALL_SECRETS = [AKTO_KEY, ...CLIENT_SECRETS, WEBHOOK_TOKEN];

function headersWithout(headers: Readonly<Record<string, unknown>>, name: string): string {
  return JSON.stringify(Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name)));
}

/**
 * The privacy rules of issue #8, item 5, over everything a scenario recorded:
 * - the Akto key is in the `authorization` header of every request to Akto and nowhere else (no body, no other
 *   header, not upstream, not in logs, events or Portkey results);
 * - provider keys, `x-api-key`, cookies and Portkey's keyed headers never reach Akto;
 * - no prompt text in logs, in posted events or in Portkey `data` (while Akto itself did receive it for scanning).
 */
/**
 * Every request a mock-akto received carries the Akto key in `authorization` and nowhere else, and no client
 * credential anywhere. Returns how many requests were checked (at least one).
 */
export function checkAktoRequests(akto: MockAkto): number {
  const aktoRequests = akto.admin.requests();
  expect(aktoRequests.length).toBeGreaterThan(0);
  for (const request of aktoRequests) {
    expect(String(request.headers["authorization"] ?? ""), `${request.path} carries the Akto key`).toContain(AKTO_KEY);
    expect(occurrences(`${request.body}\n${headersWithout(request.headers, "authorization")}`, [AKTO_KEY]), `Akto key outside authorization on ${request.path}`).toEqual([]);
    expect(occurrences(`${request.body}\n${JSON.stringify(request.headers)}\n${request.query}`, CLIENT_SECRETS), `client credentials sent to Akto on ${request.path}`).toEqual([]);
  }
  return aktoRequests.length;
}

export function checkPrivacy(recordings: PrivacyRecordings): PrivacyFigures {
  const { akto, llm } = recordings;
  const aktoRequests = checkAktoRequests(akto);
  // The prompt really went to Akto for scanning, so its absence elsewhere means something.
  const validated = akto.admin.validations().map((record) => record.payload).join("\n");
  expect(occurrences(validated, PROMPT_TEXTS).length).toBeGreaterThan(0);

  const upstream = llm?.admin.requests() ?? [];
  for (const request of upstream) {
    expect(occurrences(`${JSON.stringify(request.headers)}\n${JSON.stringify(request.rawHeaders)}\n${request.body}`, [AKTO_KEY]), "Akto key sent upstream").toEqual([]);
  }
  if (recordings.expectProviderKeyUpstream) {
    expect(upstream.some((request) => request.headers["authorization"] === `Bearer ${PROVIDER_KEY}`)).toBe(true);
  }

  let logLines = 0;
  if (recordings.logs !== undefined) {
    logLines = recordings.logs.split("\n").filter((line) => line.trim()).length;
    expect(logLines).toBeGreaterThan(0);
    expect(occurrences(recordings.logs, ALL_SECRETS), "secrets in logs").toEqual([]);
    expect(occurrences(recordings.logs, PROMPT_TEXTS), "prompt text in logs").toEqual([]);
  }

  const events = postedEvents(akto);
  if (recordings.expectEvents) expect(events.length).toBeGreaterThan(0);
  for (const posted of events) {
    const text = JSON.stringify(posted.record.body);
    expect(occurrences(text, ALL_SECRETS), "secrets in a posted event").toEqual([]);
    expect(occurrences(text, PROMPT_TEXTS), "prompt text in a posted event").toEqual([]);
  }

  for (const data of recordings.portkeyData ?? []) {
    expect(data).toBeDefined();
    const text = JSON.stringify(data);
    expect(occurrences(text, PROMPT_TEXTS), "prompt text in Portkey data").toEqual([]);
    expect(occurrences(text, ALL_SECRETS), "secrets in Portkey data").toEqual([]);
  }
  for (const result of recordings.portkeyResults ?? []) {
    const error = (result as { error?: unknown }).error;
    const text = `${JSON.stringify(result)}\n${error instanceof Error ? `${error.name}: ${error.message}` : ""}`;
    expect(occurrences(text, ALL_SECRETS), "secrets in a Portkey result").toEqual([]);
  }
  for (const message of recordings.clientErrors ?? []) {
    expect(occurrences(message, ALL_SECRETS), "secrets in an error the client sees").toEqual([]);
    expect(occurrences(message, PROMPT_TEXTS), "prompt text in an error the client sees").toEqual([]);
  }

  return {
    aktoRequests,
    upstreamRequests: upstream.length,
    logLines,
    postedEvents: events.length,
    portkeyResults: recordings.portkeyResults?.length ?? 0,
  };
}
