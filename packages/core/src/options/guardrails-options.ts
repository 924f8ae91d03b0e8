import { z } from "zod";
import { GuardrailError } from "../errors/guardrail-error";
import { FAILURE_CLASSES, type FailureClass } from "../failure/failure-class";

/** What to do when no verdict could be obtained: let the traffic through (`open`) or stop it (`closed`). */
export type FailModeValue = "open" | "closed";

/** The fail mode for every failure class, after defaults and overrides are merged. */
export type FailPolicy = Readonly<Record<FailureClass, FailModeValue>>;

/** How model output is guarded. */
export type OutputMode = "off" | "buffer" | "window" | "audit";

/** Akto's `contextSource` values (Java `CONTEXT_SOURCE`). Policies are filtered by it, case-sensitively. */
export const CONTEXT_SOURCES = ["API", "MCP", "GEN_AI", "AGENTIC", "DAST", "ENDPOINT"] as const;
export type ContextSource = (typeof CONTEXT_SOURCES)[number];

const failModeValue = z.enum(["open", "closed"]);

const failModeSpec = z.union(
  [
  failModeValue,
  z
    .object({
      default: failModeValue.optional(),
      timeout: failModeValue.optional(),
      connection: failModeValue.optional(),
      auth: failModeValue.optional(),
      rate_limited: failModeValue.optional(),
      server: failModeValue.optional(),
      client: failModeValue.optional(),
      malformed_response: failModeValue.optional(),
      circuit_open: failModeValue.optional(),
    })
    .strict(),
  ],
  { error: 'must be "open", "closed", or an object of per-failure-class modes such as { "default": "open", "timeout": "closed" }' },
);

const httpUrl = z
  .string()
  .refine((value) => /^https?:\/\/[a-z0-9._~%-]+(:\d{1,5})?(\/[^\s]*)?$/i.test(value) || /^https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?(\/[^\s]*)?$/i.test(value), {
    message: "must be an http:// or https:// URL",
  });

const aktoSchema = z
  .object({
    /** Akto guardrails base URL, e.g. `https://<account>-guardrails.akto.io` or the embedded mock. */
    baseUrl: httpUrl,
    /** Akto API token. Sent only to Akto, in the configured scheme. */
    apiKey: z.string().min(1, "must not be empty").optional(),
    /** `bearer` sends `Authorization: Bearer <key>`; `raw` sends the token alone (needed for `/api/http-proxy`). */
    authScheme: z.enum(["bearer", "raw"]).default("bearer"),
    /** Restricts which Akto policies apply (Akto matches it exactly; unset means all policies). */
    contextSource: z.enum(CONTEXT_SOURCES).optional(),
    /** `validate` calls `/api/validate/{request,response}`; `http-proxy` calls the data-ingestion envelope. */
    endpoint: z.enum(["validate", "http-proxy"]).default("validate"),
    /**
     * Ask Akto not to record its own threat event for this call. Defaults to `true` when this integration reports
     * events itself (`events.destination` is not `none`), so nothing is counted twice.
     */
    skipThreat: z.boolean().optional(),
  })
  .strict();

const inputSchema = z.union([
  z.boolean(),
  z
    .object({
      enabled: z.boolean().default(true),
      failMode: failModeSpec.optional(),
    })
    .strict(),
]);

const outputModeSchema = z.enum(["off", "buffer", "window", "audit"]);

const outputSchema = z.union([
  outputModeSchema,
  z
    .object({
      mode: outputModeSchema.default("off"),
      failMode: failModeSpec.optional(),
      /** Characters of model output per scanned window. */
      windowChars: z.number().int().min(16).max(1_000_000).default(500),
      /** Characters held back and re-sent with the next window, so no span is split at a boundary. */
      overlapChars: z.number().int().min(0).max(100_000).default(128),
      /** A window is scanned early when its oldest text is this old, so a slow stream is not held. */
      flushMs: z.number().int().min(1).max(600_000).default(250),
    })
    .strict()
    .refine((output) => output.overlapChars < output.windowChars, {
      path: ["overlapChars"],
      message: "must be smaller than output.windowChars",
    }),
]);

const breakerSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Consecutive failures that open the circuit. */
    failureThreshold: z.number().int().min(1).max(10_000).default(5),
    /** How long the circuit stays open before one probe call is let through. */
    cooldownMs: z.number().int().min(1).max(3_600_000).default(30_000),
  })
  .strict();

const cacheSchema = z
  .object({
    enabled: z.boolean().default(true),
    ttlMs: z.number().int().min(1).max(86_400_000).default(60_000),
    maxEntries: z.number().int().min(1).max(10_000_000).default(10_000),
    maxBytes: z.number().int().min(1024).max(4_294_967_296).default(16 * 1024 * 1024),
  })
  .strict();

const eventsSchema = z
  .object({
    /** Where events go: Akto's threat-event route (`record_malicious_event`), or nowhere. */
    destination: z.enum(["threat", "none"]).default("threat"),
    /**
     * Full URL of the threat-event route. Default: `<akto.baseUrl>/api/threat_detection/record_malicious_event`
     * (Akto cloud serves it from a separate host, e.g. `https://tbs.akto.io/...`).
     */
    url: httpUrl.optional(),
    /** Put scanned texts into events. Off by default: events carry decisions, not prompts. */
    includePayloads: z.boolean().default(false),
    batchSize: z.number().int().min(1).max(10_000).default(50),
    flushIntervalMs: z.number().int().min(10).max(600_000).default(1_000),
    /** In-memory queue bound; beyond it events spill to the spool. */
    maxQueue: z.number().int().min(1).max(10_000_000).default(10_000),
    /** Directory of the JSONL spool used while Akto is unreachable (Node adapters). */
    spoolDir: z.string().min(1).optional(),
  })
  .strict();

/**
 * The options every adapter accepts, with the same names everywhere.
 * Parse them with {@link parseGuardrailsOptions}; adapters extend this schema with their own settings.
 */
export const GuardrailsOptionsSchema = z
  .object({
    akto: aktoSchema,
    /** Deadline for one Akto call: connect, headers and body. */
    timeoutMs: z.number().int().min(10).max(120_000).default(3_000),
    /** Fail-open or fail-closed, globally or per failure class. Akto's own clients fail open. */
    failMode: failModeSpec.default("open"),
    /** `monitor` never blocks: every block becomes an allow flagged "would have blocked". */
    mode: z.enum(["enforce", "monitor"]).default("enforce"),
    input: inputSchema.default(true),
    output: outputSchema.default("off"),
    breaker: breakerSchema.default({ enabled: true, failureThreshold: 5, cooldownMs: 30_000 }),
    cache: cacheSchema.default({ enabled: true, ttlMs: 60_000, maxEntries: 10_000, maxBytes: 16 * 1024 * 1024 }),
    events: eventsSchema.default({
      destination: "threat",
      includePayloads: false,
      batchSize: 50,
      flushIntervalMs: 1_000,
      maxQueue: 10_000,
    }),
    /** Log prompt and response text. Off by default; never enable it where logs leave the trust boundary. */
    logPayloads: z.boolean().default(false),
  })
  .strict();

/** Options as a caller writes them (most fields optional). */
export type GuardrailsOptions = z.input<typeof GuardrailsOptionsSchema>;

/** Options after parsing: every default filled in and every shorthand expanded. */
export interface ResolvedGuardrailsOptions {
  readonly akto: {
    readonly baseUrl: string;
    readonly apiKey?: string;
    readonly authScheme: "bearer" | "raw";
    readonly contextSource?: ContextSource;
    readonly endpoint: "validate" | "http-proxy";
    readonly skipThreat: boolean;
  };
  readonly timeoutMs: number;
  readonly mode: "enforce" | "monitor";
  readonly input: { readonly enabled: boolean; readonly failPolicy: FailPolicy };
  readonly output: {
    readonly mode: OutputMode;
    readonly failPolicy: FailPolicy;
    readonly windowChars: number;
    readonly overlapChars: number;
    readonly flushMs: number;
  };
  readonly breaker: { readonly enabled: boolean; readonly failureThreshold: number; readonly cooldownMs: number };
  readonly cache: { readonly enabled: boolean; readonly ttlMs: number; readonly maxEntries: number; readonly maxBytes: number };
  readonly events: {
    readonly destination: "threat" | "none";
    readonly url: string;
    readonly includePayloads: boolean;
    readonly batchSize: number;
    readonly flushIntervalMs: number;
    readonly maxQueue: number;
    readonly spoolDir?: string;
  };
  readonly logPayloads: boolean;
}

type FailModeSpec = z.output<typeof failModeSpec>;

function toFailPolicy(spec: FailModeSpec, base?: FailPolicy): FailPolicy {
  if (typeof spec === "string") {
    return Object.fromEntries(FAILURE_CLASSES.map((failureClass) => [failureClass, spec])) as Record<FailureClass, FailModeValue>;
  }
  const overrides = spec as Partial<Record<FailureClass | "default", FailModeValue>>;
  const fallback = overrides.default;
  return Object.fromEntries(
    FAILURE_CLASSES.map((failureClass) => [
      failureClass,
      overrides[failureClass] ?? fallback ?? base?.[failureClass] ?? "open",
    ]),
  ) as Record<FailureClass, FailModeValue>;
}

/** Turns zod issues into one readable list, e.g. `- akto.baseUrl: must be an http:// or https:// URL`. */
export function formatOptionIssues(issues: ReadonlyArray<z.core.$ZodIssue>, prefix: ReadonlyArray<PropertyKey> = []): string[] {
  const at = (path: ReadonlyArray<PropertyKey>) => [...prefix, ...path].map(String).join(".") || "(options)";
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `- ${at([...issue.path, key])}: is not a known option`);
    }
    const message = /received undefined$/.test(issue.message) ? "is required" : issue.message;
    return [`- ${at(issue.path)}: ${message}`];
  });
}

function resolve(parsed: z.output<typeof GuardrailsOptionsSchema>): ResolvedGuardrailsOptions {
  const globalPolicy = toFailPolicy(parsed.failMode);
  const input = typeof parsed.input === "boolean" ? { enabled: parsed.input } : parsed.input;
  const output =
    typeof parsed.output === "string"
      ? { mode: parsed.output, windowChars: 500, overlapChars: 128, flushMs: 250, failMode: undefined }
      : parsed.output;
  const events = parsed.events;
  return {
    akto: {
      baseUrl: parsed.akto.baseUrl.replace(/\/+$/, ""),
      ...(parsed.akto.apiKey === undefined ? {} : { apiKey: parsed.akto.apiKey }),
      authScheme: parsed.akto.authScheme,
      ...(parsed.akto.contextSource === undefined ? {} : { contextSource: parsed.akto.contextSource }),
      endpoint: parsed.akto.endpoint,
      skipThreat: parsed.akto.skipThreat ?? events.destination !== "none",
    },
    timeoutMs: parsed.timeoutMs,
    mode: parsed.mode,
    input: {
      enabled: input.enabled,
      failPolicy: "failMode" in input && input.failMode !== undefined ? toFailPolicy(input.failMode, globalPolicy) : globalPolicy,
    },
    output: {
      mode: output.mode,
      failPolicy: output.failMode === undefined ? globalPolicy : toFailPolicy(output.failMode, globalPolicy),
      windowChars: output.windowChars,
      overlapChars: output.overlapChars,
      flushMs: output.flushMs,
    },
    breaker: parsed.breaker,
    cache: parsed.cache,
    events: {
      ...events,
      url: events.url ?? `${parsed.akto.baseUrl.replace(/\/+$/, "")}/api/threat_detection/record_malicious_event`,
    },
    logPayloads: parsed.logPayloads,
  };
}

export type OptionsParseResult =
  | { success: true; value: ResolvedGuardrailsOptions }
  | { success: false; error: GuardrailError; problems: string[] };

/** Parses options without throwing. */
export function safeParseGuardrailsOptions(input: unknown): OptionsParseResult {
  const result = GuardrailsOptionsSchema.safeParse(input);
  if (result.success) return { success: true, value: resolve(result.data) };
  const problems = formatOptionIssues(result.error.issues);
  return {
    success: false,
    problems,
    error: new GuardrailError({
      code: "ERR_INVALID_OPTIONS",
      message: `Invalid guardrails options:\n${problems.join("\n")}`,
    }),
  };
}

/**
 * Validates options and fills in defaults. Throws one `GuardrailError` (`ERR_INVALID_OPTIONS`)
 * whose message lists every problem.
 */
export function parseGuardrailsOptions(input: unknown): ResolvedGuardrailsOptions {
  const result = safeParseGuardrailsOptions(input);
  if (!result.success) throw result.error;
  return result.value;
}

/** Resolves already-parsed schema output (for adapters that extend the schema and parse it themselves). */
export function resolveGuardrailsOptions(parsed: z.output<typeof GuardrailsOptionsSchema>): ResolvedGuardrailsOptions {
  return resolve(parsed);
}
