import { readFileSync } from "node:fs";
import { MockAktoError } from "../mock-akto-error";
import type { GuardrailPolicy } from "../types";
import { parseJsonSafely } from "../util/parse-json-safely";
import { compilePolicy } from "./compile-policy";
import { parsePolicies } from "./parse-policies";

/**
 * Reads and validates a policy file (`{"guardrailPolicies":[...]}` or a bare array).
 * Throws `MockAktoError` `INVALID_POLICIES` when it cannot be read, parsed or compiled.
 */
export function loadPolicies(file: string): GuardrailPolicy[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new MockAktoError({ code: "INVALID_POLICIES", message: `cannot read policy file ${file}`, cause: error });
  }
  const parsed = parseJsonSafely(text);
  if (!parsed.success) {
    throw new MockAktoError({ code: "INVALID_POLICIES", message: `policy file ${file} is not JSON: ${parsed.error}` });
  }
  const policies = parsePolicies(parsed.value);
  // Compile once here so a bad regex is reported at load time, not at the first request.
  policies.forEach(compilePolicy);
  return policies;
}
