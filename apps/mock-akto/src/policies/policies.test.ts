import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MockAktoError } from "../mock-akto-error";
import { compilePolicy } from "./compile-policy";
import { defaultPolicies } from "./default-policies";
import { filterByContextSource } from "./filter-by-context-source";
import { loadPolicies } from "./load-policies";
import { parsePolicies } from "./parse-policies";

const fixture = fileURLToPath(new URL("../__fixtures__/pii-and-secrets.json", import.meta.url));

describe("loadPolicies", () => {
  it("should load Akto's guardrailPolicies document, ignoring unknown fields", () => {
    const policies = loadPolicies(fixture);
    expect(policies.map((policy) => policy.name)).toEqual(["pii-test", "inactive"]);
    expect(policies[0]).not.toHaveProperty("applyToAllServers");
    expect(policies[0]?.piiTypes).toEqual([
      { behavior: "mask", minMatchCount: 1, type: "email" },
      { behavior: "mask", minMatchCount: 1, type: "credit_card" },
    ]);
  });

  it("should throw INVALID_POLICIES for a missing file", () => {
    try {
      loadPolicies("/nonexistent/policies.json");
      expect.unreachable();
    } catch (error) {
      expect(MockAktoError.isInstance(error) && error.code).toBe("INVALID_POLICIES");
    }
  });
});

describe("parsePolicies", () => {
  it("should accept a bare array", () => {
    expect(parsePolicies([{ name: "a" }])).toEqual([{ name: "a" }]);
  });

  it("should normalise behaviour and level case", () => {
    const [policy] = parsePolicies([{ name: "a", behaviour: "ALERT", contentFiltering: { promptAttacks: { level: "high" } } }]);
    expect(policy).toMatchObject({ behaviour: "alert", contentFiltering: { promptAttacks: { level: "HIGH" } } });
  });

  it("should reject malformed policies with a message naming the field", () => {
    expect(() => parsePolicies({ nope: [] })).toThrow(/guardrailPolicies/);
    expect(() => parsePolicies([{}])).toThrow(/policies\[0\]\.name/);
    expect(() => parsePolicies([{ name: "a", behaviour: "explode" }])).toThrow(/behaviour/);
    expect(() => parsePolicies([{ name: "a", piiTypes: [{ type: 1 }] }])).toThrow(/piiTypes\[0\]\.type/);
  });

  it("should report a bad regex at compile time", () => {
    const [policy] = parsePolicies([{ name: "a", regexPatternsV2: [{ pattern: "([" }] }]);
    expect(() => compilePolicy(policy!)).toThrow(/invalid regular expression/);
  });
});

describe("filterByContextSource", () => {
  const policies = parsePolicies([
    { name: "any" },
    { name: "agentic", contextSource: "AGENTIC" },
    { name: "endpoint", contextSource: "ENDPOINT" },
  ]).map(compilePolicy);
  const names = (contextSource: string) => filterByContextSource(policies, contextSource).map((policy) => policy.name);

  it("should apply every policy for an empty context source", () => {
    expect(names("")).toEqual(["any", "agentic", "endpoint"]);
  });

  it("should apply empty and AGENTIC policies for AGENTIC", () => {
    expect(names("AGENTIC")).toEqual(["any", "agentic"]);
  });

  it("should match other values exactly and case-sensitively", () => {
    expect(names("ENDPOINT")).toEqual(["endpoint"]);
    expect(names("endpoint")).toEqual([]);
    expect(names("INVENTED")).toEqual([]);
  });
});

describe("defaultPolicies", () => {
  it("should show block, approval, mask, warn and alert behaviours", () => {
    expect(defaultPolicies.map((policy) => policy.behaviour)).toEqual(["block", "block", "approval", "block", "warn", "alert"]);
    expect(Object.isFrozen(defaultPolicies)).toBe(true);
    expect(Object.isFrozen(defaultPolicies[3]?.piiTypes?.[0])).toBe(true);
  });
});
