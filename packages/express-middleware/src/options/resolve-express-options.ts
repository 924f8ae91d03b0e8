import type { Request } from "express";
import { createExtractor, type Extractor } from "../extract/create-extractor";
import { createRouteMatcher, DEFAULT_ROUTES } from "../routes/create-route-matcher";
import type { AktoGuardrailsExpressOptions, ExtractOptions, OnBlock, OnStreamBlocked, StreamShape } from "./akto-guardrails-options";
import { DEFAULT_BODY_LIMIT, parseByteLimit } from "./parse-byte-limit";

export interface ResolvedExpressOptions {
  readonly matchRoute: (request: Request) => boolean;
  readonly requestExtractor?: Extractor;
  readonly responseExtractor?: Extractor;
  readonly streamShape?: StreamShape;
  readonly onBlock?: OnBlock;
  readonly onStreamBlocked?: OnStreamBlocked;
  readonly bodyLimit: number;
}

export type ExpressOptionsResult = { readonly success: true; readonly value: ResolvedExpressOptions } | { readonly success: false; readonly problems: string[] };

const STREAM_SHAPES: ReadonlyArray<StreamShape> = ["openai.chat", "openai.completions", "openai.responses", "anthropic.messages"];
const EXTRACT_KEYS = new Set(["request", "response", "stream"]);

function isExtractOptions(value: unknown): value is ExtractOptions {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Validates the Express options; every problem is listed (`- routes[1]: ...`), nothing is thrown. */
export function resolveExpressOptions(options: AktoGuardrailsExpressOptions): ExpressOptionsResult {
  const problems: string[] = [];

  const routes = options.routes === undefined ? DEFAULT_ROUTES : Array.isArray(options.routes) ? options.routes : [options.routes];
  if (routes.length === 0) problems.push("- routes: must name at least one route");
  routes.forEach((route: unknown, index) => {
    const label = `routes[${index}]`;
    if (typeof route === "string") {
      if (!route.startsWith("/")) problems.push(`- ${label}: a path must start with "/"`);
      else if (/[:*()?]/.test(route)) problems.push(`- ${label}: "${route}" is an exact path; use a RegExp for patterns`);
    } else if (!(route instanceof RegExp) && typeof route !== "function") {
      problems.push(`- ${label}: must be a path string, a RegExp or a function (request) => boolean`);
    }
  });

  let requestExtractor: Extractor | undefined;
  let responseExtractor: Extractor | undefined;
  let streamShape: StreamShape | undefined;
  if (options.extract !== undefined) {
    if (options.routes === undefined) problems.push("- extract: applies to custom routes; list them in `routes`");
    const extract = isExtractOptions(options.extract) ? options.extract : { request: options.extract };
    for (const key of Object.keys(extract)) if (!EXTRACT_KEYS.has(key)) problems.push(`- extract.${key}: is not a known option`);
    for (const side of ["request", "response"] as const) {
      const spec = extract[side];
      if (spec === undefined) continue;
      const compiled = createExtractor(spec, isExtractOptions(options.extract) ? `extract.${side}` : "extract");
      if (!compiled.success) problems.push(...compiled.problems);
      else if (side === "request") requestExtractor = compiled.extractor;
      else responseExtractor = compiled.extractor;
    }
    if (extract.stream !== undefined) {
      if (STREAM_SHAPES.includes(extract.stream)) streamShape = extract.stream;
      else problems.push(`- extract.stream: must be one of ${STREAM_SHAPES.map((shape) => `"${shape}"`).join(", ")}`);
    }
  }

  if (options.onBlock !== undefined && typeof options.onBlock !== "function") problems.push("- onBlock: must be a function");
  if (options.onStreamBlocked !== undefined && typeof options.onStreamBlocked !== "function") problems.push("- onStreamBlocked: must be a function");

  const bodyLimit = options.bodyLimit === undefined ? DEFAULT_BODY_LIMIT : parseByteLimit(options.bodyLimit);
  if (bodyLimit === undefined) problems.push('- bodyLimit: must be a positive number of bytes or a size such as "1mb"');

  if (problems.length > 0) return { success: false, problems };
  return {
    success: true,
    value: {
      matchRoute: createRouteMatcher(routes),
      bodyLimit: bodyLimit as number,
      ...(requestExtractor ? { requestExtractor } : {}),
      ...(responseExtractor ? { responseExtractor } : {}),
      ...(streamShape ? { streamShape } : {}),
      ...(options.onBlock ? { onBlock: options.onBlock } : {}),
      ...(options.onStreamBlocked ? { onStreamBlocked: options.onStreamBlocked } : {}),
    },
  };
}
