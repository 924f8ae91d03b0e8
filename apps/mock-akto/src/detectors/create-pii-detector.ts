import type { PiiTypeRule } from "../types";
import { collectRegexSpans } from "./collect-regex-spans";
import type { CompiledDetector } from "./detector-types";
import { passesLuhn } from "./passes-luhn";

interface PiiPattern {
  regex: RegExp;
  accept?: (match: string) => boolean;
  /** A character every match contains: texts without it skip the regex. */
  requires?: string;
}

const octet = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

/** Patterns per Akto PII type name (lower_snake, as the dashboard lists them). */
const piiPatterns: Record<string, PiiPattern> = {
  email: { regex: /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g, requires: "@" },
  phone_number: {
    regex: /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}(?!\w)/g,
  },
  ssn: { regex: /(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])/g },
  credit_card: { regex: /(?<![\w-])[2-6](?:[ -]?\d){12,18}(?![\w-])/g, accept: passesLuhn },
  ip_address: { regex: new RegExp(`(?<![\\w.])(?:${octet}\\.){3}${octet}(?!\\.?\\w)`, "g") },
  uuid: { regex: /(?<![\w-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/gi },
};

export const supportedPiiTypes: readonly string[] = Object.keys(piiPatterns);

/** A detector for one `piiTypes[]` entry, or null for a type the mock has no detector for. */
export function createPiiDetector(rule: PiiTypeRule): CompiledDetector | null {
  const type = rule.type.toLowerCase();
  const pattern = Object.hasOwn(piiPatterns, type) ? piiPatterns[type] : undefined;
  if (pattern === undefined) return null;
  // Each detector gets its own RegExp: a global regex carries lastIndex state.
  const regex = new RegExp(pattern.regex.source, pattern.regex.flags);
  return {
    rule: `PII-${type}`,
    behavior: rule.behavior === "mask" ? "mask" : "block",
    reason: `PII detected (${type})`,
    minMatchCount: Math.max(1, rule.minMatchCount ?? 1),
    maskStyle: "placeholder",
    findSpans: (text) =>
      pattern.requires !== undefined && !text.includes(pattern.requires) ? [] : collectRegexSpans(regex, text, pattern.accept),
  };
}
