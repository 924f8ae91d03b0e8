import type { CompiledPolicy } from "./compile-policy";

/**
 * Akto's `filterPoliciesByContextSource`: empty → all; `AGENTIC` → policies with an empty or
 * `AGENTIC` context source; anything else → exact, case-sensitive match.
 */
export function filterByContextSource(policies: readonly CompiledPolicy[], contextSource: string): readonly CompiledPolicy[] {
  if (contextSource === "") return policies;
  if (contextSource === "AGENTIC") {
    return policies.filter((policy) => policy.contextSource === "" || policy.contextSource === "AGENTIC");
  }
  return policies.filter((policy) => policy.contextSource === contextSource);
}
