const cacheLimit = 64;
const cache = new Map<string, string>();

/**
 * Lower-case, straight apostrophes, single spaces: the form phrase detectors compare against.
 * Several detectors scan the same texts of one request, so recent results are reused.
 */
export function normalizeForPhrases(text: string): string {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  // Only runs of whitespace and non-space whitespace need rewriting; single spaces stay as they are.
  const normalized = text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s{2,}|[^\S ]/g, " ");
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(text, normalized);
  return normalized;
}
