// The parts of Portkey's plugin contract this package relies on, written from Portkey's `plugins/types.ts`
// (main) and `src/plugins/types.ts` (2.x). Declared here so nothing depends on a gateway checkout.

/** Which side of the LLM call a hook runs on. */
export type HookEventType = "beforeRequestHook" | "afterRequestHook";

/** Portkey's request types. Hooks run only for the first four; 2.x adds batch and fine-tune types. */
export type PortkeyRequestType = "chatComplete" | "complete" | "embed" | "messages" | "createBatch" | "createFinetune";

/** The request half of a hook context. `headers` holds every inbound header, provider credentials included. */
export interface PortkeyRequestContext {
  json?: unknown;
  text?: unknown;
  isStreamingRequest?: boolean;
  isTransformed?: boolean;
  headers?: Record<string, string | string[] | undefined>;
}

/** The response half of a hook context: `{}` before the call, the provider JSON after it, `null` when streaming. */
export interface PortkeyResponseContext {
  json?: unknown;
  text?: unknown;
  statusCode?: number | null;
  isTransformed?: boolean;
}

/** The context a Portkey plugin receives (`HookSpan.createContext`). */
export interface PluginContext {
  [key: string]: unknown;
  request?: PortkeyRequestContext;
  response?: PortkeyResponseContext;
  requestType?: string;
  provider?: string;
  metadata?: Record<string, unknown>;
}

/** Check parameters exactly as written in the gateway config, `credentials` included. */
export interface PluginParameters<Credentials = Record<string, unknown>> {
  [key: string]: unknown;
  credentials?: Credentials;
}

/** The 4th handler argument. Optional on main, required (with more helpers) on 2.x. */
export interface PluginHandlerOptions {
  env?: Record<string, unknown>;
  getFromCacheByKey?: (key: string) => Promise<unknown>;
  putInCacheWithValue?: (key: string, value: unknown, expiry?: number) => Promise<unknown>;
  [key: string]: unknown;
}

/** Whole-body replacements. Portkey reads both halves, so both are always present. */
export interface TransformedData {
  request: { json: unknown; text: unknown };
  response: { json: unknown; text: unknown };
}

/**
 * What a handler returns. Portkey keeps `error.name` and `error.message` only (a string error shows as `{}`),
 * echoes `data` to the client in `hook_results`, and replaces the body with `transformedData` when `transformed`.
 */
export interface PluginHandlerResponse {
  error: Error | null;
  verdict: boolean;
  data: unknown;
  transformedData: TransformedData;
  transformed: boolean;
}

/** Portkey's plugin handler signature. */
export type PluginHandler = (
  context: PluginContext,
  parameters: PluginParameters,
  eventType: HookEventType,
  options?: PluginHandlerOptions,
) => Promise<PluginHandlerResponse>;
