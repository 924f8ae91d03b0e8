import { FAILURE_CLASSES, type ContextSource, type FailModeValue, type FailPolicy, type FailureClass } from "@akto-guardrails/core";
import { isRecord, ownProperty } from "../mapping/own-property";

/** What the after-hook does with model output. */
export type ScanOutput = "enforce" | "audit" | "off";

/** The plugin's settings, read from Portkey check parameters and credentials. */
export interface PluginSettings {
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly authScheme: "bearer" | "raw";
  readonly timeoutMs: number;
  readonly failPolicy: FailPolicy;
  readonly mode: "enforce" | "monitor";
  readonly contextSource?: ContextSource;
  readonly scanOutput: ScanOutput;
}

export type PluginSettingsParse =
  | { readonly ok: true; readonly settings: PluginSettings }
  | { readonly ok: false; readonly problems: ReadonlyArray<string>; readonly failClosed: boolean };

// Core's option schema (zod) is not used here: it would put zod into the gateway bundle. The names and
// bounds are core's; the `satisfies` below breaks the build if core adds a context source.
const CONTEXT_SOURCES = { API: true, MCP: true, GEN_AI: true, AGENTIC: true, DAST: true, ENDPOINT: true } as const satisfies Record<
  ContextSource,
  true
>;
const MIN_TIMEOUT_MS = 10;
const MAX_TIMEOUT_MS = 120_000;
const DEFAULT_TIMEOUT_MS = 3_000;
const HTTP_URL = /^https?:\/\/(?:[a-z0-9._~%-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:\/\S*)?$/i;

function isFailMode(value: unknown): value is FailModeValue {
  return value === "open" || value === "closed";
}

function readFailPolicy(value: unknown, problems: string[]): FailPolicy {
  const uniform = (mode: FailModeValue) =>
    Object.fromEntries(FAILURE_CLASSES.map((failureClass) => [failureClass, mode])) as Record<FailureClass, FailModeValue>;
  if (value === undefined || value === null) return uniform("open");
  if (isFailMode(value)) return uniform(value);
  if (!isRecord(value)) {
    problems.push('- failMode: must be "open", "closed", or an object of per-failure-class modes such as {"default":"open","timeout":"closed"}');
    return uniform("closed");
  }
  const known = new Set<string>(["default", ...FAILURE_CLASSES]);
  for (const [key, mode] of Object.entries(value)) {
    if (!known.has(key)) problems.push(`- failMode.${key}: is not a failure class (${[...known].join(", ")})`);
    else if (!isFailMode(mode)) problems.push(`- failMode.${key}: must be "open" or "closed"`);
  }
  const fallback = ownProperty(value, "default");
  const base: FailModeValue = isFailMode(fallback) ? fallback : "open";
  return Object.fromEntries(
    FAILURE_CLASSES.map((failureClass) => {
      const mode = ownProperty(value, failureClass);
      return [failureClass, isFailMode(mode) ? mode : base];
    }),
  ) as Record<FailureClass, FailModeValue>;
}

/**
 * How a call resolves when no Akto failure class applies (unusable parameters or context, an unexpected bug):
 * by `failMode`, or its `default` entry. A fail mode we cannot read counts as closed: a typo must not open the gate.
 */
export function failsClosedByDefault(parameters: unknown): boolean {
  const failMode = ownProperty(parameters, "failMode");
  if (failMode === undefined || failMode === null || failMode === "open") return false;
  if (failMode === "closed") return true;
  if (isRecord(failMode)) return ownProperty(failMode, "default") === "closed";
  return true;
}

function readTimeout(value: unknown, problems: string[]): number {
  if (value === undefined || value === null || value === "") return DEFAULT_TIMEOUT_MS;
  const timeout = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout < MIN_TIMEOUT_MS || timeout > MAX_TIMEOUT_MS) {
    problems.push(`- timeout: must be a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}`);
    return DEFAULT_TIMEOUT_MS;
  }
  return timeout;
}

function readScanOutput(value: unknown, problems: string[]): ScanOutput {
  if (value === undefined || value === null || value === true || value === "enforce") return "enforce";
  if (value === false || value === "off") return "off";
  if (value === "audit") return "audit";
  problems.push('- scanOutput: must be "enforce" (or true), "audit", or "off" (or false)');
  return "enforce";
}

function readOptionalString(record: unknown, key: string, label: string, problems: string[]): string | undefined {
  const value = ownProperty(record, key);
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") {
    problems.push(`- ${label}: must be a string`);
    return undefined;
  }
  return value.trim() || undefined;
}

function readBaseUrl(credentials: unknown, problems: string[]): string {
  const baseUrl = readOptionalString(credentials, "baseUrl", "credentials.baseUrl", problems);
  const apiDomain = readOptionalString(credentials, "apiDomain", "credentials.apiDomain", problems);
  let url: string | undefined;
  let label = "credentials.baseUrl";
  if (baseUrl) url = baseUrl;
  else if (apiDomain) {
    label = "credentials.apiDomain";
    url = /^[a-z][a-z0-9+.-]*:\/\//i.test(apiDomain) ? apiDomain : `https://${apiDomain}`;
  }
  if (!url) {
    problems.push("- credentials: set apiDomain (e.g. <account>-guardrails.akto.io) or baseUrl (e.g. https://<account>-guardrails.akto.io)");
    return "";
  }
  if (!HTTP_URL.test(url)) {
    problems.push(`- ${label}: must be an http:// or https:// URL or a host name`);
    return "";
  }
  return url.replace(/\/+$/, "");
}

/**
 * Reads Portkey check parameters: credentials `apiKey`, `apiDomain` / `baseUrl`; parameters `timeout`, `failMode`,
 * `mode`, `contextSource`, `scanOutput`, `authScheme`. Other keys (Portkey's own `failOnError`, ...) are ignored.
 * Collects every problem instead of stopping at the first. Never throws.
 */
export function parsePluginParameters(parameters: unknown): PluginSettingsParse {
  const problems: string[] = [];
  const credentials = ownProperty(parameters, "credentials");
  if (credentials !== undefined && !isRecord(credentials)) problems.push("- credentials: must be an object");

  const baseUrl = readBaseUrl(credentials, problems);
  const apiKey = readOptionalString(credentials, "apiKey", "credentials.apiKey", problems);
  const failPolicy = readFailPolicy(ownProperty(parameters, "failMode"), problems);
  const timeoutMs = readTimeout(ownProperty(parameters, "timeout"), problems);
  const scanOutput = readScanOutput(ownProperty(parameters, "scanOutput"), problems);

  const mode = ownProperty(parameters, "mode") ?? "enforce";
  if (mode !== "enforce" && mode !== "monitor") problems.push('- mode: must be "enforce" or "monitor"');
  const authScheme = ownProperty(parameters, "authScheme") ?? "bearer";
  if (authScheme !== "bearer" && authScheme !== "raw") problems.push('- authScheme: must be "bearer" or "raw"');
  const contextSource = ownProperty(parameters, "contextSource");
  const knownContextSource = typeof contextSource === "string" && Object.hasOwn(CONTEXT_SOURCES, contextSource);
  if (contextSource !== undefined && contextSource !== null && contextSource !== "" && !knownContextSource) {
    problems.push(`- contextSource: must be one of ${Object.keys(CONTEXT_SOURCES).join(", ")}`);
  }

  if (problems.length > 0) {
    return { ok: false, problems, failClosed: failsClosedByDefault(parameters) };
  }
  return {
    ok: true,
    settings: {
      baseUrl,
      ...(apiKey ? { apiKey } : {}),
      authScheme: authScheme as "bearer" | "raw",
      timeoutMs,
      failPolicy,
      mode: mode as "enforce" | "monitor",
      ...(knownContextSource ? { contextSource: contextSource as ContextSource } : {}),
      scanOutput,
    },
  };
}
