import { escapeRegex } from "../util/escape-regex";

export interface BlockedHostMatcher {
  /** The pattern as configured, quoted in the reason. */
  pattern: string;
  matches(host: string, path: string): boolean;
}

function stripScheme(text: string): string {
  return text.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
}

function stripPort(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

function globToRegex(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map(escapeRegex).join(".*")}$`);
}

/** The request's host (Host header, port dropped) and path (query dropped), lower-cased. */
export function normalizeHostAndPath(host: string, path: string): { host: string; path: string } {
  let normalizedPath = stripScheme(path.trim().toLowerCase());
  // A full URL in `path`: keep only its path.
  if (normalizedPath !== path.trim().toLowerCase()) {
    const slash = normalizedPath.indexOf("/");
    normalizedPath = slash === -1 ? "" : normalizedPath.slice(slash);
  }
  const query = normalizedPath.search(/[?#]/);
  if (query !== -1) normalizedPath = normalizedPath.slice(0, query);
  return { host: stripPort(stripScheme(host.trim().toLowerCase())), path: normalizedPath };
}

/**
 * GS blocked-host rules: scheme, port, query and case are ignored; `*` is a wildcard;
 * a bare host matches every path; `host/*` needs a slash after the host.
 */
export function createBlockedHostMatcher(pattern: string): BlockedHostMatcher | null {
  let normalized = stripScheme(pattern.trim().toLowerCase());
  const query = normalized.search(/[?#]/);
  if (query !== -1) normalized = normalized.slice(0, query);
  if (normalized.length === 0) return null;
  const slash = normalized.indexOf("/");
  const hostPart = stripPort(slash === -1 ? normalized : normalized.slice(0, slash));
  const pathPart = slash === -1 ? "" : normalized.slice(slash);
  const hostRegex = globToRegex(hostPart);
  const fullRegex = pathPart === "" ? null : globToRegex(hostPart + pathPart);
  return {
    pattern,
    matches(host, path) {
      if (host === "") return false;
      if (fullRegex === null) return hostRegex.test(host);
      return fullRegex.test(host + path);
    },
  };
}
