/** A half-open range `[start, end)` in a text. */
export interface Span {
  start: number;
  end: number;
}

/** How a masked span is replaced: the redaction placeholder, or `******` over the whole token (secrets). */
export type MaskStyle = "placeholder" | "secret";

/** One detector of one policy, ready to run. */
export interface CompiledDetector {
  /** Akto's `rule_violated` name, e.g. `PII-email`. */
  rule: string;
  behavior: "block" | "mask";
  /** The reason given when this detector blocks; names the rule, never the matched text. */
  reason: string;
  minMatchCount: number;
  maskStyle: MaskStyle;
  /** Matches in `text`. Block-only detectors may return empty spans; only the count matters then. */
  findSpans(text: string): Span[];
}
