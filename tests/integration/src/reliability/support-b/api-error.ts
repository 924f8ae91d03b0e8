/** Which provider's error format a route answers in. */
export type Dialect = "openai" | "anthropic";

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a body is an error in the API's own shape: OpenAI `{"error":{"message","type",...}}`,
 * Anthropic `{"type":"error","error":{"type","message"}}`. Returns the error object, or `undefined`.
 */
export function apiError(text: string, dialect: Dialect): Record<string, unknown> | undefined {
  const body = parse(text);
  const error = body?.["error"];
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  if (typeof record["message"] !== "string" || typeof record["type"] !== "string") return undefined;
  if (dialect === "anthropic" && body?.["type"] !== "error") return undefined;
  return record;
}
