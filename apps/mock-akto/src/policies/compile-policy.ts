import { createBanSubstringsDetector } from "../detectors/create-ban-substrings-detector";
import { createBanTopicsDetector } from "../detectors/create-ban-topics-detector";
import { createPiiDetector } from "../detectors/create-pii-detector";
import { createPromptInjectionDetector } from "../detectors/create-prompt-injection-detector";
import { createRegexDetector } from "../detectors/create-regex-detector";
import { createSecretsDetector } from "../detectors/create-secrets-detector";
import type { CompiledDetector } from "../detectors/detector-types";
import { createBlockedHostMatcher, type BlockedHostMatcher } from "../detectors/match-blocked-host";
import { compileIgnorePhrase } from "../engine/strip-ignore-phrases";
import { MockAktoError } from "../mock-akto-error";
import type { GuardrailPolicy, PolicyBehaviour } from "../types";

/** A policy with its detectors built and its defaults applied, ready for evaluation. */
export interface CompiledPolicy {
  source: GuardrailPolicy;
  name: string;
  behaviour: PolicyBehaviour;
  active: boolean;
  applyOnRequest: boolean;
  applyOnResponse: boolean;
  contextSource: string;
  severity: string;
  blockedMessage: string;
  detectors: CompiledDetector[];
  /** Approximate-token threshold, or null when token-limit detection is off. */
  tokenLimit: number | null;
  blockedHosts: BlockedHostMatcher[];
  ignorePhrases: RegExp[];
}

function compileRegex<T>(policyName: string, pattern: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new MockAktoError({
      code: "INVALID_POLICIES",
      message: `policy "${policyName}": invalid regular expression ${JSON.stringify(pattern)}`,
      cause: error,
    });
  }
}

export function compilePolicy(policy: GuardrailPolicy): CompiledPolicy {
  const detectors: CompiledDetector[] = [];
  const level = policy.contentFiltering?.promptAttacks?.level;
  if (level !== undefined) detectors.push(createPromptInjectionDetector(level));
  for (const rule of policy.piiTypes ?? []) {
    const detector = createPiiDetector(rule);
    if (detector !== null) detectors.push(detector);
  }
  if (policy.secretsDetection?.enabled === true) {
    detectors.push(createSecretsDetector(policy.secretsDetection.behavior));
  }
  for (const pattern of policy.regexPatterns ?? []) {
    detectors.push(compileRegex(policy.name, pattern, () => createRegexDetector(pattern, "block")));
  }
  for (const rule of policy.regexPatternsV2 ?? []) {
    detectors.push(compileRegex(policy.name, rule.pattern, () => createRegexDetector(rule.pattern, rule.behavior)));
  }
  for (const topic of policy.deniedTopics ?? []) {
    const detector = createBanTopicsDetector(topic);
    if (detector !== null) detectors.push(detector);
  }
  if (policy.banSubstrings !== undefined) {
    const detector = createBanSubstringsDetector(policy.banSubstrings);
    if (detector !== null) detectors.push(detector);
  }

  const tokenLimit = policy.tokenLimitDetection;
  return {
    source: policy,
    name: policy.name,
    behaviour: policy.behaviour ?? "block",
    active: policy.active ?? true,
    applyOnRequest: policy.applyOnRequest ?? true,
    applyOnResponse: policy.applyOnResponse ?? true,
    contextSource: policy.contextSource ?? "",
    severity: policy.severity ?? "",
    blockedMessage: policy.blockedMessage ?? "",
    detectors,
    tokenLimit: tokenLimit !== undefined && tokenLimit.enabled !== false ? tokenLimit.threshold : null,
    blockedHosts: (policy.blockedHosts ?? [])
      .map((host) => createBlockedHostMatcher(host.pattern))
      .filter((matcher): matcher is BlockedHostMatcher => matcher !== null),
    ignorePhrases: (policy.ignorePhrases ?? []).map((phrase) =>
      compileRegex(policy.name, phrase.phrase, () => compileIgnorePhrase(phrase)),
    ),
  };
}
