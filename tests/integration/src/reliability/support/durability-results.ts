/** The figures of one durability run, as RELIABILITY.md shows them. */
export interface DurabilityArtifact {
  readonly generatedAt: string;
  readonly node: string;
  /** Reportable decisions (events) made by the first proxy process, and by the one started after it. */
  readonly producedByFirst: number;
  readonly producedBySecond: number;
  /** What the first proxy's decisions were, e.g. `{"input/block": 4}`. */
  readonly firstByKind: Readonly<Record<string, number>>;
  readonly secondByKind: Readonly<Record<string, number>>;
  /** Events in the spool after the first proxy exited on SIGTERM. */
  readonly spooledAtShutdown: number;
  readonly firstExitCode: number | null;
  readonly secondExitCode: number | null;
  /** Events the second proxy said it replays from the spool. */
  readonly replayedOnStart: number;
  /** Events the threat backend recorded once it came up (after both proxies were stopped). */
  readonly delivered: number;
  readonly duplicates: number;
  readonly missing: number;
  readonly unexpected: number;
  /** Events left in the spool after the second proxy exited. */
  readonly leftInSpool: number;
  /** From the threat backend starting to the last event recorded. */
  readonly deliveryMs: number;
}
