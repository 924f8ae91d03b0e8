import type { FailureClass } from "../failure/failure-class";
import type { DetectedShape, Stage } from "../shapes/types";
import type { Outcome } from "../verdict/decision";

/**
 * What happened to one guarded call, for audit logs, metrics and Akto's event
 * store. Carries decisions, never prompt text, unless `events.includePayloads`
 * was explicitly turned on.
 */
export interface GuardrailEvent {
  readonly id: string;
  /** ISO-8601 time of the decision. */
  readonly time: string;
  readonly stage: Stage;
  readonly action: Outcome;
  readonly flagged: boolean;
  readonly reason: string;
  readonly rule?: string;
  readonly policy?: string;
  readonly behaviour?: string;
  readonly failureClass?: FailureClass;
  /** Time spent deciding, including the Akto call. */
  readonly latencyMs: number;
  /** Route path of the LLM call. */
  readonly route: string;
  readonly method: string;
  readonly model?: string;
  readonly requestId?: string;
  readonly sessionId?: string;
  /** Client IP, when the adapter knows it. */
  readonly ip?: string;
  readonly shape: DetectedShape;
  /** The verdict came from the cache. */
  readonly cached: boolean;
  /** Texts sent for scanning, and parts that could not be scanned (images, unknown items). */
  readonly scannedSegments: number;
  readonly unscannedParts: number;
  /** Texts changed by sanitization. */
  readonly sanitizedSegments?: number;
  /** Only with `events.includePayloads: true`. */
  readonly texts?: ReadonlyArray<string>;
}

/** Whether an event is worth reporting: anything but a plain, unflagged allow. */
export function isReportable(event: Pick<GuardrailEvent, "action" | "flagged">): boolean {
  return event.action !== "allow" || event.flagged;
}
