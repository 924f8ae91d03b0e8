/** Rough token count (about four characters per token), good enough for a mock's usage fields. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}
