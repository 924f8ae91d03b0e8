import type { BanSubstringsRule } from "../types";
import { escapeRegex } from "../util/escape-regex";
import { collectRegexSpans } from "./collect-regex-spans";
import type { CompiledDetector } from "./detector-types";

/** A banned word list; masking replaces each match with the placeholder (agent-guard `redact`). */
export function createBanSubstringsDetector(rule: BanSubstringsRule): CompiledDetector | null {
  const words = rule.substrings.filter((word) => word.length > 0);
  if (words.length === 0) return null;
  // Longest first, so "top secret" wins over "secret".
  const alternatives = [...words].sort((left, right) => right.length - left.length).map(escapeRegex).join("|");
  const source =
    rule.wholeWords === false ? `(?:${alternatives})` : `(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`;
  const regex = new RegExp(source, rule.caseSensitive === true ? "gu" : "giu");
  return {
    rule: "BanSubstrings",
    behavior: rule.behavior === "mask" ? "mask" : "block",
    reason: "Banned substring detected",
    minMatchCount: 1,
    maskStyle: "placeholder",
    findSpans: (text) => collectRegexSpans(regex, text),
  };
}
