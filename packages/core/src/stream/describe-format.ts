/** A format value for an error message, safe for any input (symbols, bigints). */
export function describeFormat(format: unknown): string {
  return typeof format === "string" ? JSON.stringify(format) : typeof format;
}
