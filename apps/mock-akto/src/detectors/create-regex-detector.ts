import type { DetectorBehavior } from "../types";
import { collectRegexSpans } from "./collect-regex-spans";
import { compileUserRegex } from "./compile-user-regex";
import type { CompiledDetector } from "./detector-types";

/** A `regexPatternsV2[]` (or legacy `regexPatterns[]`) entry. Throws a SyntaxError for a bad pattern. */
export function createRegexDetector(pattern: string, behavior: DetectorBehavior | undefined): CompiledDetector {
  const regex = compileUserRegex(pattern);
  return {
    rule: "UserDefinedRegex",
    behavior: behavior === "mask" ? "mask" : "block",
    reason: "Blocked by regex policy",
    minMatchCount: 1,
    maskStyle: "placeholder",
    findSpans: (text) => collectRegexSpans(regex, text),
  };
}
