import type { DetectorBehavior } from "../types";
import { collectRegexSpans } from "./collect-regex-spans";
import type { CompiledDetector } from "./detector-types";

const secretPatterns = [
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/, // AWS access key ids
  /\bsk-(?:ant-|proj-|svcacct-)?[A-Za-z0-9_-]{20,}/, // OpenAI / Anthropic keys
  /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/, // GitHub tokens
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/, // JWTs
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/,
];

/** A detector for `secretsDetection`. Masking follows agent-guard: the whole whitespace-delimited token. */
export function createSecretsDetector(behavior: DetectorBehavior | undefined): CompiledDetector {
  const regex = new RegExp(secretPatterns.map((pattern) => pattern.source).join("|"), "g");
  return {
    rule: "Secrets",
    behavior: behavior === "mask" ? "mask" : "block",
    reason: "Secret detected",
    minMatchCount: 1,
    maskStyle: "secret",
    findSpans: (text) => collectRegexSpans(regex, text),
  };
}
