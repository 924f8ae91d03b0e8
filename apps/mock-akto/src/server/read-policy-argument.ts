import { compilePolicy, type CompiledPolicy } from "../policies/compile-policy";
import { parsePolicies } from "../policies/parse-policies";
import { isPlainObject } from "../util/parse-json-safely";

/** Finds a body key case-insensitively, as Go's binding does. */
export function findKey(body: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  let found: unknown = undefined;
  for (const key of Object.keys(body)) if (key.toLowerCase() === wanted) found = body[key];
  return found;
}

/** A policy passed in a request body, compiled; null when missing or invalid. Active and apply* flags are ignored. */
export function readPolicyArgument(value: unknown): CompiledPolicy | null {
  if (!isPlainObject(value)) return null;
  try {
    const [policy] = parsePolicies([value]);
    return policy === undefined ? null : compilePolicy(policy);
  } catch {
    return null;
  }
}
