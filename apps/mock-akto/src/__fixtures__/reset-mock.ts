import { defaultPolicies } from "../policies/default-policies";
import type { MockAkto } from "../types";

/** Puts a shared mock back to its defaults between tests. */
export function resetMock(mock: MockAkto): void {
  mock.admin.clearFaults();
  mock.admin.setPolicies([...defaultPolicies]);
  mock.admin.setOptions({
    responseCasing: "standard",
    echoModifiedPayload: false,
    redactionPlaceholder: "[REDACTED]",
    metadata: "filled",
    alertAllowed: false,
    token: null,
  });
  mock.admin.clear();
}
