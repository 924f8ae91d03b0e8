import { formatJsonPath, type JsonPath } from "@akto-guardrails/core";
import type { Request } from "express";
import type { ExtractFunction, ExtractSpec } from "../options/akto-guardrails-options";
import { parseExtractPath, WILDCARD, type ExtractPathSegment } from "./parse-extract-path";
import { resolveExtractPath } from "./resolve-extract-path";

/** One text to scan; `path` is where it lives in the body when it can be replaced there. */
export interface ExtractedPart {
  readonly text: string;
  readonly path?: JsonPath;
  /** Whether a sanitized version can be written back (a string at a known path). */
  readonly writable: boolean;
}

/** Reads the texts of a body. Throws when an extract function fails or returns something unusable. */
export type Extractor = (body: unknown, request: Request) => ExtractedPart[];

export type ExtractorResult = { readonly success: true; readonly extractor: Extractor } | { readonly success: false; readonly problems: string[] };

function fromPaths(paths: ReadonlyArray<ReadonlyArray<ExtractPathSegment>>): Extractor {
  return (body) => {
    const parts: ExtractedPart[] = [];
    const seen = new Set<string>();
    for (const segments of paths) {
      for (const match of resolveExtractPath(body, segments)) {
        if (match.value === undefined || match.value === null) continue;
        const key = formatJsonPath(match.path);
        if (seen.has(key)) continue; // two paths naming the same field scan it once
        seen.add(key);
        if (typeof match.value === "string") parts.push({ text: match.value, path: match.path, writable: true });
        // Anything else is still scanned (as JSON), but a redaction of it cannot be placed back.
        else parts.push({ text: JSON.stringify(match.value), path: match.path, writable: false });
      }
    }
    return parts;
  };
}

function fromFunction(extract: ExtractFunction): Extractor {
  return (body, request) => {
    const returned: unknown = extract(body, request);
    if (!Array.isArray(returned)) throw new TypeError("the extract function must return an array");
    return returned.map((item: unknown, index): ExtractedPart => {
      if (typeof item === "string") return { text: item, writable: false };
      if (typeof item === "object" && item !== null && typeof (item as { text?: unknown }).text === "string") {
        const { text, path } = item as { text: string; path?: unknown };
        if (Array.isArray(path) && path.every((key) => typeof key === "string" || (typeof key === "number" && Number.isInteger(key)))) {
          return { text, path: path as JsonPath, writable: true };
        }
        if (typeof path === "string") {
          const parsed = parseExtractPath(path);
          if (parsed.success && !parsed.segments.includes(WILDCARD)) {
            return { text, path: parsed.segments as JsonPath, writable: true };
          }
        }
        if (path === undefined) return { text, writable: false };
        throw new TypeError(`item ${index} returned by the extract function has an invalid path (a JSON path without wildcards, or an array of keys)`);
      }
      throw new TypeError(`item ${index} returned by the extract function is neither a string nor {path, text}`);
    });
  };
}

/** Compiles an `extract` spec; bad JSON paths are reported, never thrown. */
export function createExtractor(spec: ExtractSpec, label: string): ExtractorResult {
  if (typeof spec === "function") return { success: true, extractor: fromFunction(spec) };
  const sources = typeof spec === "string" ? [spec] : spec;
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every((source) => typeof source === "string")) {
    return { success: false, problems: [`- ${label}: must be a JSON path, a non-empty array of JSON paths, or a function`] };
  }
  const problems: string[] = [];
  const paths: Array<ReadonlyArray<ExtractPathSegment>> = [];
  for (const source of sources as ReadonlyArray<string>) {
    const parsed = parseExtractPath(source);
    if (parsed.success) paths.push(parsed.segments);
    else problems.push(`- ${label}: ${parsed.error}`);
  }
  return problems.length > 0 ? { success: false, problems } : { success: true, extractor: fromPaths(paths) };
}
