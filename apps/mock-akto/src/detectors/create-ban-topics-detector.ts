import type { DeniedTopic } from "../types";
import type { CompiledDetector } from "./detector-types";
import { findWholePhrases } from "./find-whole-phrases";
import { normalizeForPhrases } from "./normalize-for-phrases";

/**
 * One denied topic. Akto judges topics semantically with an LLM; the mock matches the topic
 * name and its sample phrases as whole phrases, case- and whitespace-insensitively.
 */
export function createBanTopicsDetector(topic: DeniedTopic): CompiledDetector | null {
  const phrases = [topic.topic, ...(topic.samplePhrases ?? [])]
    .map((phrase) => normalizeForPhrases(phrase).trim())
    .filter((phrase) => phrase.length > 0);
  if (phrases.length === 0) return null;
  return {
    rule: "BanTopics",
    behavior: "block",
    reason: `Denied topic detected (${topic.topic})`,
    minMatchCount: 1,
    maskStyle: "placeholder",
    findSpans: (text) => findWholePhrases(normalizeForPhrases(text), phrases),
  };
}
