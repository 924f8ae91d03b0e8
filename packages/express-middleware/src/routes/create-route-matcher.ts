import type { Request } from "express";
import type { RouteMatcher } from "../options/akto-guardrails-options";

/** The five LLM API create routes, under any mount prefix (`/openai/v1/chat/completions`). */
export const DEFAULT_ROUTES: ReadonlyArray<RegExp> = [
  /\/v1\/chat\/completions\/?$/i,
  /\/v1\/completions\/?$/i,
  /\/v1\/responses\/?$/i,
  /\/v1\/embeddings\/?$/i,
  /\/v1\/messages\/?$/i,
];

function normalise(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith("/") ? lower.slice(0, -1) : lower;
}

function decoded(path: string): string | undefined {
  try {
    const result = decodeURIComponent(path);
    return result === path ? undefined : result;
  } catch {
    return undefined;
  }
}

/** The full path (mount prefix included) without the query string. */
export function fullPathOf(request: Request): string {
  return `${request.baseUrl ?? ""}${request.path ?? ""}` || "/";
}

/**
 * Compiles `routes` into a predicate. Paths are compared the way Express routes them by default
 * (case-insensitive, trailing slash optional), against both the mounted and the full path, raw and
 * percent-decoded, so a request cannot reach a handler while slipping past the guard.
 */
export function createRouteMatcher(routes: ReadonlyArray<RouteMatcher>): (request: Request) => boolean {
  const exact = new Set(routes.filter((route): route is string => typeof route === "string").map(normalise));
  const patterns = routes.filter((route): route is RegExp => route instanceof RegExp);
  const predicates = routes.filter((route): route is (request: Request) => boolean => typeof route === "function");

  return (request) => {
    const raw = [request.path ?? "", fullPathOf(request)];
    const candidates = [...raw, ...raw.map(decoded).filter((path): path is string => path !== undefined)];
    for (const candidate of candidates) {
      if (exact.has(normalise(candidate))) return true;
      for (const pattern of patterns) {
        pattern.lastIndex = 0; // a /g or /y pattern keeps state between tests
        if (pattern.test(candidate)) return true;
      }
    }
    for (const predicate of predicates) {
      try {
        if (predicate(request)) return true;
      } catch {
        return true; // a broken predicate guards rather than lets traffic through unscanned
      }
    }
    return false;
  };
}
