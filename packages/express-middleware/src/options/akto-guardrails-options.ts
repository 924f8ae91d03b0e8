import type { ApiShape, BlockedResponse, Decision, DetectedShape, GuardResult, JsonPath, Stage } from "@akto-guardrails/core";
import type { CreateGuardrailsOptions } from "@akto-guardrails/sdk";
import type { Request, Response } from "express";

/** A guarded route: an exact path (case-insensitive, trailing slash optional), a RegExp, or a predicate. */
export type RouteMatcher = string | RegExp | ((request: Request) => boolean);

/** A text an extract function found: plain text is scanned read-only; with a path it can be sanitized in place. */
export type ExtractedText = string | { readonly path: string | JsonPath; readonly text: string };

/** Maps a custom JSON body to the texts to scan. */
export type ExtractFunction = (body: unknown, request: Request) => ReadonlyArray<ExtractedText>;

/** JSON paths (`"question"`, `"$.items[*].text"`) or a function. */
export type ExtractSpec = string | ReadonlyArray<string> | ExtractFunction;

/** The API event format a custom route streams in (OpenAI or Anthropic SSE). */
export type StreamShape = Exclude<ApiShape, "openai.embeddings">;

/** Where the texts of a custom route are: in its request, its JSON response and its SSE stream. */
export interface ExtractOptions {
  /** Texts of the request body (the prompt). */
  readonly request?: ExtractSpec;
  /** Texts of the JSON response body. Without it the whole response is sent to Akto as is. */
  readonly response?: ExtractSpec;
  /** The event format the route streams; without it custom-route streams pass unscanned. */
  readonly stream?: StreamShape;
}

/** What `onBlock` receives. */
export interface BlockInfo {
  readonly stage: Stage;
  readonly decision: Decision;
  readonly result: GuardResult;
  /** The API shape of the route (`unknown` for custom routes). */
  readonly shape: DetectedShape;
  /** What the middleware sends when `onBlock` is not given: status and API-shaped error body. */
  readonly blockedResponse: BlockedResponse;
}

/**
 * Sends a custom answer for a blocked request (or a blocked JSON response). It must end the response,
 * synchronously or before the promise it returns settles; otherwise the default blocked response is sent.
 */
export type OnBlock = (block: BlockInfo, request: Request, response: Response) => unknown;

/** What `onStreamBlocked` receives when a streamed response is cut. */
export interface StreamBlockedInfo {
  readonly decision: Decision;
  readonly result: GuardResult;
  readonly shape: DetectedShape;
}

export type OnStreamBlocked = (info: StreamBlockedInfo, request: Request, response: Response) => void;

/** The Express-specific options, on top of the guardrails options every adapter shares. */
export interface AktoGuardrailsExpressOptions {
  /** Which POST routes to guard. Default: the OpenAI and Anthropic API paths (`DEFAULT_ROUTES`), under any prefix. */
  readonly routes?: RouteMatcher | ReadonlyArray<RouteMatcher>;
  /** Where the prompt text is in a custom route's JSON body (and optionally its response). */
  readonly extract?: ExtractSpec | ExtractOptions;
  /** Replaces the default 403/503 API-shaped error. */
  readonly onBlock?: OnBlock;
  /** Called when a streamed response is cut by a block (also emitted as `aktoGuardrailsBlocked` on the response). */
  readonly onStreamBlocked?: OnStreamBlocked;
  /** Largest request body the middleware reads itself (bytes or `"1mb"`); default 1 MiB. */
  readonly bodyLimit?: number | string;
}

/** Options of `aktoGuardrails()`: core's `GuardrailsOptions` (plus sdk dependencies) and the Express options. */
export type AktoGuardrailsOptions = CreateGuardrailsOptions & AktoGuardrailsExpressOptions;
