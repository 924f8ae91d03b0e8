import defaultPolicyDocument from "../../policies/default.json";
import type { GuardrailPolicy } from "../types";
import { parsePolicies } from "./parse-policies";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The demo policies of `policies/default.json`: block, mask, alert, warn and approval examples (deeply frozen). */
export const defaultPolicies: readonly GuardrailPolicy[] = deepFreeze(parsePolicies(defaultPolicyDocument));
