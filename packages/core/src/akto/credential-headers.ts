/** Header values as Node and fetch give them. */
export type HeaderInput = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;

// Names that carry credentials or secrets in any common LLM client or gateway.
const CREDENTIAL_NAME = /authorization|api[-_]?key|token|secret|password|passwd|cookie|credential|signature|x-portkey-config|x-portkey-virtual-key/i;

/** Whether a header carries (or may carry) a credential and must never leave for a third party. */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/**
 * Returns a plain `name → value` map (names lower-cased, arrays joined) with every
 * credential header removed. Use it for anything that leaves the process: Akto
 * envelopes, events, logs.
 */
export function stripCredentialHeaders(headers: HeaderInput | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const rawName of Object.keys(headers)) {
    const value = headers[rawName];
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    if (isCredentialHeader(name) || name === "__proto__") continue;
    result[name] = typeof value === "string" ? value : value.join(", ");
  }
  return result;
}
