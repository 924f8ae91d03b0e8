import { compileUserRegex } from "../detectors/compile-user-regex";
import type { IgnorePhrase } from "../types";
import { escapeRegex } from "../util/escape-regex";

/**
 * GS `ignore_phrases.go`: a phrase is matched as a whole word unless it is a regex, and
 * case-insensitively unless `caseSensitive`. Throws a SyntaxError for a bad regex.
 */
export function compileIgnorePhrase(phrase: IgnorePhrase): RegExp {
  const caseFlag = phrase.caseSensitive === true ? "" : "i";
  if (phrase.isRegex === true) return compileUserRegex(phrase.phrase, caseFlag);
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegex(phrase.phrase)}(?![\\p{L}\\p{N}_])`, `gu${caseFlag}`);
}

/** Deletes every ignore phrase from `text` before detection. */
export function stripIgnorePhrases(text: string, phrases: readonly RegExp[]): string {
  let result = text;
  for (const phrase of phrases) {
    phrase.lastIndex = 0;
    result = result.replace(phrase, "");
  }
  return result;
}
