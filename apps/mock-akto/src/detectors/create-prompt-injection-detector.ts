import type { PromptAttackLevel } from "../types";
import { collectRegexSpans } from "./collect-regex-spans";
import type { CompiledDetector } from "./detector-types";
import { normalizeForPhrases } from "./normalize-for-phrases";

const previous = "(?:all |any )?(?:of )?(?:the |your |my |these |those )?(?:previous|prior|above|earlier|preceding|former|original)";
const instructions = "(?:instructions?|prompts?|rules|directions|directives|guidelines|messages|context)";

/** Blatant instruction overrides. */
const lowPhrases = [
  `(?:ignore|disregard|forget|skip|override|bypass) ${previous} ${instructions}`,
  `(?:ignore|disregard|forget) (?:all |any )?(?:of )?(?:your|the) (?:instructions|rules|guidelines|safety (?:rules|guidelines))\\b`,
  `do not follow (?:your|the|any) (?:previous |prior )?${instructions}`,
];

/** Jailbreak personas and "no limits" framing. */
const mediumPhrases = [
  "do anything now\\b",
  "jailbr(?:eak|oken)\\b",
  "developer mode\\b",
  "(?:no|without any|without|free of|free from) (?:restrictions|limitations|limits|filters|rules|guidelines|censorship)\\b",
  "pretend (?:that )?(?:you are|you're|to be|you have)\\b",
  "(?:you are|you're) now (?:an? )?(?:unfiltered|unrestricted|uncensored|evil|jailbroken|free)\\b",
  "act as (?:an? )?(?:unfiltered|unrestricted|uncensored|evil|jailbroken)\\b",
  "from now on,? you (?:will|are|must|have)\\b",
];

/** System-prompt extraction. */
const highPhrases = [
  "(?:reveal|show|print|repeat|output|display|tell me|disclose|leak|give me|what is|what's|what are) (?:me )?(?:your|the) (?:full |entire |exact )?(?:system|initial|hidden|original|secret) (?:prompt|instructions|message)s?\\b",
  "new instructions ?:",
];

/** Fake system/role markers (they start with punctuation, so no word boundary). */
const highMarkers = [
  "\\[ ?(?:system|admin|developer|sys|root) ?:",
  "<\\|? ?(?:system|im_start) ?\\|?>",
  "(?:^| )#{2,} ?(?:system|new instructions)\\b",
];

const phrasesByLevel: Record<PromptAttackLevel, string[]> = {
  LOW: lowPhrases,
  MEDIUM: [...lowPhrases, ...mediumPhrases],
  HIGH: [...lowPhrases, ...mediumPhrases, ...highPhrases],
};

// "DAN" is only a jailbreak persona in capitals; "Dan" is a name.
const danPersona = /\bDAN\b/g;

/** `contentFiltering.promptAttacks`: cumulative phrase families, case- and whitespace-insensitive. */
export function createPromptInjectionDetector(level: PromptAttackLevel): CompiledDetector {
  // One leading \b for all word phrases lets the engine reject most positions at once.
  const markers = level === "HIGH" ? `|${highMarkers.join("|")}` : "";
  const regex = new RegExp(`\\b(?:${phrasesByLevel[level].join("|")})${markers}`, "g");
  const checksPersona = level !== "LOW";
  return {
    rule: "PromptInjection",
    behavior: "block",
    reason: "Prompt injection detected",
    minMatchCount: 1,
    maskStyle: "placeholder",
    findSpans(text) {
      // Matches are found in a normalised copy, so only their count is meaningful.
      const spans = collectRegexSpans(regex, normalizeForPhrases(text));
      return checksPersona ? spans.concat(collectRegexSpans(danPersona, text)) : spans;
    },
  };
}
