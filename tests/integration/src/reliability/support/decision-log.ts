/** The part of the sdk's per-decision log line (`logResult`) the durability proof reads. */
export interface LoggedDecision {
  readonly id: string;
  readonly stage: string;
  readonly action: string;
  readonly route: string;
  readonly requestId?: string;
}

/** Every decision the sdk logged with its event (one line per reportable decision), in log order. */
export function loggedDecisions(entries: ReadonlyArray<Record<string, unknown>>): LoggedDecision[] {
  return entries.flatMap((entry) => {
    const event = entry["event"] as Partial<LoggedDecision> | undefined;
    if (!event || typeof event.id !== "string" || typeof event.action !== "string") return [];
    return [
      {
        id: event.id,
        stage: String(event.stage),
        action: event.action,
        route: String(event.route),
        ...(typeof event.requestId === "string" ? { requestId: event.requestId } : {}),
      },
    ];
  });
}

/** Values that occur more than once. */
export function duplicatesOf(values: ReadonlyArray<string>): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) duplicates.add(value);
    seen.add(value);
  }
  return [...duplicates];
}
