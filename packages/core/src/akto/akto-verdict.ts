/**
 * Akto's answer to one validation, normalised from either casing
 * (`Allowed`/`allowed`, `behaviour`/`Behaviour`) and with `Metadata` flattened.
 */
export interface AktoVerdict {
  readonly allowed: boolean;
  readonly modified: boolean;
  /** The whole validated payload with redactions applied in place. Meaningful only when `modified` is true. */
  readonly modifiedPayload: string;
  readonly reason: string;
  /** Lower-cased `behaviour`; empty when Akto sent none. */
  readonly behaviour: string;
  readonly policy: string;
  readonly rule: string;
  readonly severity: string;
}
