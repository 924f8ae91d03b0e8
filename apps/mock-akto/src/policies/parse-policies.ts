import { MockAktoError } from "../mock-akto-error";
import type {
  BanSubstringsRule,
  DeniedTopic,
  DetectorBehavior,
  GuardrailPolicy,
  IgnorePhrase,
  PiiTypeRule,
  PolicyBehaviour,
  PromptAttackLevel,
  RegexPatternRule,
} from "../types";
import { isPlainObject } from "../util/parse-json-safely";

const policyBehaviours: readonly string[] = ["block", "warn", "alert", "approval"];
const detectorBehaviors: readonly string[] = ["block", "mask", "warn"];
const levels: readonly string[] = ["LOW", "MEDIUM", "HIGH"];

class PolicyReader {
  constructor(
    private readonly record: Record<string, unknown>,
    private readonly where: string,
  ) {}

  fail(field: string, expected: string): never {
    throw new MockAktoError({ code: "INVALID_POLICIES", message: `${this.where}.${field} must be ${expected}` });
  }

  string(field: string): string | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") this.fail(field, "a string");
    return value;
  }

  boolean(field: string): boolean | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") this.fail(field, "a boolean");
    return value;
  }

  number(field: string): number | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(field, "a number");
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly string[], normalize: (text: string) => string): T | undefined {
    const value = this.string(field);
    if (value === undefined || value === "") return undefined;
    const normalized = normalize(value);
    if (!allowed.includes(normalized)) this.fail(field, `one of ${allowed.join("|")}`);
    return normalized as T;
  }

  object(field: string): PolicyReader | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) return undefined;
    if (!isPlainObject(value)) this.fail(field, "an object");
    return new PolicyReader(value, `${this.where}.${field}`);
  }

  objects(field: string): PolicyReader[] {
    const value = this.record[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(field, "an array");
    return value.map((item: unknown, index) => {
      if (!isPlainObject(item)) this.fail(`${field}[${index}]`, "an object");
      return new PolicyReader(item, `${this.where}.${field}[${index}]`);
    });
  }

  strings(field: string): string[] | undefined {
    const value = this.record[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      this.fail(field, "an array of strings");
    }
    return value as string[];
  }
}

const lower = (text: string) => text.toLowerCase();
const upper = (text: string) => text.toUpperCase();

/** Drops undefined fields and empty lists so a parsed policy stays as small as its input. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    const field = value[key];
    if (field === undefined || (Array.isArray(field) && field.length === 0)) delete value[key];
  }
  return value;
}

function parseBanSubstrings(reader: PolicyReader, value: unknown): BanSubstringsRule | undefined {
  if (Array.isArray(value)) return { substrings: reader.strings("banSubstrings") ?? [] };
  const rule = reader.object("banSubstrings");
  if (rule === undefined) return undefined;
  return compact({
    substrings: rule.strings("substrings") ?? rule.fail("substrings", "an array of strings"),
    behavior: rule.oneOf<DetectorBehavior>("behavior", detectorBehaviors, lower),
    caseSensitive: rule.boolean("caseSensitive"),
    wholeWords: rule.boolean("wholeWords"),
  });
}

function parsePolicy(value: unknown, index: number): GuardrailPolicy {
  if (!isPlainObject(value)) {
    throw new MockAktoError({ code: "INVALID_POLICIES", message: `policies[${index}] must be an object` });
  }
  const reader: PolicyReader = new PolicyReader(value, `policies[${index}]`);
  const name = reader.string("name");
  if (name === undefined || name === "") reader.fail("name", "a non-empty string");

  const promptAttacks = reader.object("contentFiltering")?.object("promptAttacks");
  const promptLevel = promptAttacks?.oneOf<PromptAttackLevel>("level", levels, upper);
  const secrets = reader.object("secretsDetection");
  const tokenLimit = reader.object("tokenLimitDetection");
  const tokenThreshold = tokenLimit?.number("threshold");

  return compact<GuardrailPolicy>({
    name,
    behaviour: reader.oneOf<PolicyBehaviour>("behaviour", policyBehaviours, lower),
    active: reader.boolean("active"),
    blockedMessage: reader.string("blockedMessage"),
    applyOnRequest: reader.boolean("applyOnRequest"),
    applyOnResponse: reader.boolean("applyOnResponse"),
    contextSource: reader.string("contextSource"),
    severity: reader.string("severity"),
    piiTypes: reader.objects("piiTypes").map((rule): PiiTypeRule =>
      compact({
        type: rule.string("type") ?? rule.fail("type", "a string"),
        behavior: rule.oneOf<DetectorBehavior>("behavior", detectorBehaviors, lower),
        minMatchCount: rule.number("minMatchCount"),
      }),
    ),
    regexPatterns: reader.strings("regexPatterns"),
    regexPatternsV2: reader.objects("regexPatternsV2").map((rule): RegexPatternRule =>
      compact({
        pattern: rule.string("pattern") ?? rule.fail("pattern", "a string"),
        behavior: rule.oneOf<DetectorBehavior>("behavior", detectorBehaviors, lower),
      }),
    ),
    contentFiltering: promptLevel === undefined ? undefined : { promptAttacks: { level: promptLevel } },
    deniedTopics: reader.objects("deniedTopics").map((topic): DeniedTopic =>
      compact({
        topic: topic.string("topic") ?? topic.fail("topic", "a string"),
        description: topic.string("description"),
        samplePhrases: topic.strings("samplePhrases"),
      }),
    ),
    secretsDetection:
      secrets === undefined
        ? undefined
        : compact({
            enabled: secrets.boolean("enabled") ?? false,
            behavior: secrets.oneOf<DetectorBehavior>("behavior", detectorBehaviors, lower),
          }),
    ignorePhrases: reader.objects("ignorePhrases").map((phrase): IgnorePhrase =>
      compact({
        phrase: phrase.string("phrase") ?? phrase.fail("phrase", "a string"),
        isRegex: phrase.boolean("isRegex"),
        caseSensitive: phrase.boolean("caseSensitive"),
      }),
    ),
    tokenLimitDetection:
      tokenLimit === undefined || tokenThreshold === undefined
        ? undefined
        : compact({ enabled: tokenLimit.boolean("enabled"), threshold: tokenThreshold }),
    blockedHosts: reader
      .objects("blockedHosts")
      .map((host) => ({ pattern: host.string("pattern") ?? host.fail("pattern", "a string") })),
    banSubstrings: parseBanSubstrings(reader, value["banSubstrings"]),
  });
}

/**
 * Validates a policy document: `{"guardrailPolicies":[...]}` (what GS fetches) or a bare array.
 * Unknown fields are ignored. Throws `MockAktoError` `INVALID_POLICIES`.
 */
export function parsePolicies(document: unknown): GuardrailPolicy[] {
  const list = isPlainObject(document) ? document["guardrailPolicies"] : document;
  if (!Array.isArray(list)) {
    throw new MockAktoError({
      code: "INVALID_POLICIES",
      message: 'policies must be an array or an object with a "guardrailPolicies" array',
    });
  }
  return list.map(parsePolicy);
}
