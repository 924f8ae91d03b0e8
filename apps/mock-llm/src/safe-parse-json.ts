export type SafeParseJsonResult = { success: true; value: unknown } | { success: false; error: string };

/**
 * `JSON.parse` that never throws and drops `__proto__` keys, so a body can never change an
 * object's prototype when it is later merged or assigned.
 */
export function safeParseJson(text: string): SafeParseJsonResult {
  try {
    // The reviver is slow; only pay for it when the dangerous key could be present (also spelled
    // with \u escapes).
    const suspicious = text.includes('__proto__') || text.includes('\\u');
    const value: unknown = suspicious ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
    return { success: true, value };
  } catch (error) {
    return { success: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}
