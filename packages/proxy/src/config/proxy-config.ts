import { safeParseGuardrailsOptions, type GuardrailsOptions, type ResolvedGuardrailsOptions } from "@akto-guardrails/core";
import { ProxyError } from "../errors/proxy-error";
import { ProblemList, SectionReader, isPlainObject } from "./section-reader";

/** pino levels accepted by `logLevel`. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The listening side of the proxy. */
export interface ServerConfigInput {
  /** Bind address. Default `127.0.0.1`. */
  readonly host?: string;
  /** Port; `0` picks any free port. Default `8787`. */
  readonly port?: number;
  /** Largest request body accepted on a guarded route (413 above). Default 10 MiB. */
  readonly bodyLimitBytes?: number;
  /**
   * When set, every proxied request must carry one of these keys in `x-akto-proxy-key: <key>` or
   * `proxy-authorization: Bearer <key>` (401 otherwise). Both headers are removed before anything leaves.
   */
  readonly inboundApiKeys?: ReadonlyArray<string>;
  /** How long `close()` waits for in-flight requests before cutting them. Default 10000. */
  readonly shutdownGraceMs?: number;
  /** Take the client address from `x-forwarded-for` (only behind a trusted load balancer). Default false. */
  readonly trustProxy?: boolean;
  /**
   * Longest time a client may take to send its request headers (slow-header clients are cut with
   * a 408). At most `requestTimeoutMs`. Default 10000.
   */
  readonly headersTimeoutMs?: number;
  /**
   * Longest time a client may take to send its whole request, body included (slow-body clients are
   * cut). Applies to pass-through uploads too. Default 60000.
   */
  readonly requestTimeoutMs?: number;
}

/** Where traffic goes. Only configuration picks the upstream; nothing in a request can change it. */
export interface UpstreamConfigInput {
  /** Base URL for OpenAI-style routes (with or without `/v1`). Default `https://api.openai.com`. */
  readonly openai?: string;
  /**
   * Base URL for Anthropic routes (`/v1/messages*`, or any request with an `anthropic-version` header).
   * Default: `openai` when that is set explicitly (one upstream serving both APIs), else `https://api.anthropic.com`.
   */
  readonly anthropic?: string;
  /** Longest wait for the upstream's response headers, and longest pause between body chunks. Default 600000. */
  readonly timeoutMs?: number;
  /** TCP/TLS connect deadline. Default 10000. */
  readonly connectTimeoutMs?: number;
  /** Largest non-streaming JSON response read for an output scan (502 above). Default 32 MiB. */
  readonly maxResponseBytes?: number;
}

/** `POST /portkey/webhook`, for Portkey's `default.webhook` guardrail. */
export interface PortkeyWebhookConfigInput {
  /** Default true when the section is present. */
  readonly enabled?: boolean;
  /** Required as `Authorization: Bearer <token>` (or `x-akto-webhook-token`) when set. */
  readonly token?: string;
}

/** What `createProxyServer` and the config file accept: core's guardrails options plus the proxy's own sections. */
export type ProxyConfigInput = GuardrailsOptions & {
  readonly server?: ServerConfigInput;
  readonly upstream?: UpstreamConfigInput;
  readonly portkeyWebhook?: PortkeyWebhookConfigInput;
  /** Log level. Default `info`. */
  readonly logLevel?: LogLevel;
};

/** The configuration after validation, with every default filled in. */
export interface ProxyConfig {
  /** The guardrails options as given (validated), for `createGuardrails`. */
  readonly guardrailsInput: GuardrailsOptions;
  readonly guardrails: ResolvedGuardrailsOptions;
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly inboundApiKeys: ReadonlyArray<string>;
    readonly shutdownGraceMs: number;
    readonly trustProxy: boolean;
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
  };
  readonly upstream: {
    readonly openai: string;
    readonly anthropic: string;
    readonly timeoutMs: number;
    readonly connectTimeoutMs: number;
    readonly maxResponseBytes: number;
  };
  readonly portkeyWebhook: { readonly enabled: boolean; readonly token?: string };
  readonly logLevel: LogLevel;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_OPENAI_UPSTREAM = "https://api.openai.com";
export const DEFAULT_ANTHROPIC_UPSTREAM = "https://api.anthropic.com";
const MIB = 1024 * 1024;
const MIN_PROXY_KEY_LENGTH = 8;

export type ProxyConfigParseResult =
  | { readonly success: true; readonly value: ProxyConfig }
  | { readonly success: false; readonly error: ProxyError; readonly problems: ReadonlyArray<string> };

function readServer(value: unknown, problems: ProblemList): ProxyConfig["server"] {
  const reader = new SectionReader(
    value,
    ["server"],
    ["host", "port", "bodyLimitBytes", "inboundApiKeys", "shutdownGraceMs", "trustProxy", "headersTimeoutMs", "requestTimeoutMs"],
    problems,
  );
  const inboundApiKeys = reader.stringList("inboundApiKeys") ?? [];
  if (inboundApiKeys.some((key) => key.length < MIN_PROXY_KEY_LENGTH)) {
    problems.add(["server", "inboundApiKeys"], `every key must be at least ${MIN_PROXY_KEY_LENGTH} characters`);
  }
  // Node's own defaults (60 s for headers, 300 s for the request) let slow clients hold sockets far too long.
  const requestTimeoutMs = reader.integer("requestTimeoutMs", { min: 100, max: 3_600_000, fallback: 60_000 });
  const headersTimeoutMs = reader.integer("headersTimeoutMs", { min: 100, max: 3_600_000, fallback: Math.min(10_000, requestTimeoutMs) });
  if (headersTimeoutMs > requestTimeoutMs) problems.add(["server", "headersTimeoutMs"], "must not be greater than server.requestTimeoutMs");
  return {
    host: reader.string("host") ?? "127.0.0.1",
    port: reader.integer("port", { min: 0, max: 65_535, fallback: DEFAULT_PORT }),
    bodyLimitBytes: reader.integer("bodyLimitBytes", { min: 1, max: 4 * 1024 * MIB, fallback: 10 * MIB }),
    inboundApiKeys,
    shutdownGraceMs: reader.integer("shutdownGraceMs", { min: 0, max: 3_600_000, fallback: 10_000 }),
    trustProxy: reader.boolean("trustProxy", false),
    headersTimeoutMs,
    requestTimeoutMs,
  };
}

function readUpstream(value: unknown, problems: ProblemList): ProxyConfig["upstream"] {
  const reader = new SectionReader(value, ["upstream"], ["openai", "anthropic", "timeoutMs", "connectTimeoutMs", "maxResponseBytes"], problems);
  const openai = reader.url("openai");
  return {
    openai: openai ?? DEFAULT_OPENAI_UPSTREAM,
    anthropic: reader.url("anthropic") ?? openai ?? DEFAULT_ANTHROPIC_UPSTREAM,
    timeoutMs: reader.integer("timeoutMs", { min: 100, max: 3_600_000, fallback: 600_000 }),
    connectTimeoutMs: reader.integer("connectTimeoutMs", { min: 10, max: 600_000, fallback: 10_000 }),
    maxResponseBytes: reader.integer("maxResponseBytes", { min: 1024, max: 4 * 1024 * MIB, fallback: 32 * MIB }),
  };
}

function readPortkeyWebhook(value: unknown, problems: ProblemList): ProxyConfig["portkeyWebhook"] {
  if (value === undefined) return { enabled: false };
  const reader = new SectionReader(value, ["portkeyWebhook"], ["enabled", "token"], problems);
  const token = reader.string("token");
  return { enabled: reader.boolean("enabled", true), ...(token === undefined ? {} : { token }) };
}

/** Validates a configuration without throwing; every problem of every section is listed. */
export function safeParseProxyConfig(input: unknown): ProxyConfigParseResult {
  const problems = new ProblemList();
  if (!isPlainObject(input)) {
    problems.add([], "the configuration must be an object");
    return failure(problems.lines);
  }
  const { server, upstream, portkeyWebhook, logLevel, ...guardrailsInput } = input;
  const serverConfig = readServer(server, problems);
  const upstreamConfig = readUpstream(upstream, problems);
  const webhookConfig = readPortkeyWebhook(portkeyWebhook, problems);
  const level = new SectionReader({ logLevel }, [], ["logLevel"], problems).oneOf("logLevel", LOG_LEVELS, "info");
  const guardrails = safeParseGuardrailsOptions(guardrailsInput);
  const lines = [...(guardrails.success ? [] : guardrails.problems), ...problems.lines];
  if (!guardrails.success || lines.length > 0) return failure(lines);
  return {
    success: true,
    value: {
      guardrailsInput: guardrailsInput as GuardrailsOptions,
      guardrails: guardrails.value,
      server: serverConfig,
      upstream: upstreamConfig,
      portkeyWebhook: webhookConfig,
      logLevel: level,
    },
  };
}

function failure(problems: ReadonlyArray<string>): ProxyConfigParseResult {
  return {
    success: false,
    problems,
    error: new ProxyError({ code: "ERR_INVALID_CONFIG", message: `Invalid proxy configuration:\n${problems.join("\n")}`, problems }),
  };
}

/** Validates a configuration and fills in defaults; throws one `ProxyError` (`ERR_INVALID_CONFIG`) listing every problem. */
export function parseProxyConfig(input: unknown): ProxyConfig {
  const result = safeParseProxyConfig(input);
  if (!result.success) throw result.error;
  return result.value;
}
