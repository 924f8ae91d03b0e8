import type { IncomingHttpHeaders } from "node:http";

/** Policy-level behaviour, as Akto's `GuardrailPolicies.behaviour`. */
export type PolicyBehaviour = "block" | "warn" | "alert" | "approval";

/** `behaviour` on a verdict: the policy's behaviour, or `mask` for a redaction. */
export type VerdictBehaviour = PolicyBehaviour | "mask";

/** Per-detector behaviour (`piiTypes[].behavior`, `regexPatternsV2[].behavior`). `warn` counts as `block`. */
export type DetectorBehavior = "block" | "mask" | "warn";

export type PromptAttackLevel = "LOW" | "MEDIUM" | "HIGH";

/** A PII type rule. Types with a detector: email, phone_number, ssn, credit_card, ip_address, uuid. */
export interface PiiTypeRule {
  type: string;
  behavior?: DetectorBehavior;
  /** Minimum number of matches before the rule fires (default 1). */
  minMatchCount?: number;
}

export interface RegexPatternRule {
  /** A JavaScript regular expression; a leading Go-style `(?i)` makes it case-insensitive. */
  pattern: string;
  behavior?: DetectorBehavior;
}

export interface DeniedTopic {
  topic: string;
  description?: string;
  /** Phrases that identify the topic (matched case- and whitespace-insensitively). */
  samplePhrases?: string[];
}

export interface IgnorePhrase {
  phrase: string;
  isRegex?: boolean;
  caseSensitive?: boolean;
}

/** A word list (mock extension modelled on agent-guard's BanSubstrings scanner). */
export interface BanSubstringsRule {
  substrings: string[];
  behavior?: DetectorBehavior;
  caseSensitive?: boolean;
  /** Match whole words only (default true). */
  wholeWords?: boolean;
}

/** The subset of Akto's `GuardrailPolicies` document the mock understands. Other fields are ignored. */
export interface GuardrailPolicy {
  name: string;
  /** Default `block`. */
  behaviour?: PolicyBehaviour;
  /** Default true in the mock (Akto stores it explicitly); only active policies are evaluated. */
  active?: boolean;
  blockedMessage?: string;
  /** Default true. */
  applyOnRequest?: boolean;
  /** Default true. */
  applyOnResponse?: boolean;
  /** Empty: applies to every context source request (see `contextSource` filtering). */
  contextSource?: string;
  severity?: string;
  piiTypes?: PiiTypeRule[];
  /** Legacy plain patterns: each one blocks. */
  regexPatterns?: string[];
  regexPatternsV2?: RegexPatternRule[];
  contentFiltering?: { promptAttacks?: { level: PromptAttackLevel } };
  deniedTopics?: DeniedTopic[];
  /** `behavior` is a mock extension: `mask` replaces the token with `******` (default `block`). */
  secretsDetection?: { enabled: boolean; behavior?: DetectorBehavior };
  ignorePhrases?: IgnorePhrase[];
  tokenLimitDetection?: { enabled?: boolean; threshold: number };
  blockedHosts?: Array<{ pattern: string }>;
  banSubstrings?: BanSubstringsRule;
}

export type ResponseCasing = "standard" | "lowercase" | "failopen-dual";
export type MetadataMode = "filled" | "empty";

/** What the dashboard shows for a verdict. */
export type VerdictAction = "allow" | "mask" | "block" | "alert" | "warn" | "approval";

/** The mock's internal verdict, before it is rendered in the configured casing. */
export interface Verdict {
  allowed: boolean;
  modified: boolean;
  modifiedPayload: string;
  reason: string;
  policyName: string;
  ruleViolated: string;
  severity: string;
  /** `""` when nothing matched (omitted on the wire). */
  behaviour: VerdictBehaviour | "";
  /** True for GS-side detectors (BlockedHost), whose Metadata is filled even in `empty` mode. */
  serviceSide: boolean;
  action: VerdictAction;
}

export type FaultKind =
  | "latency"
  | "status"
  | "hang"
  | "reset"
  | "reset_mid_body"
  | "non_json"
  | "truncated"
  | "wrong_types"
  | "backpressure"
  | "fail_open_object"
  | "slow_body";

export type LatencySpec = number | { min: number; max: number };

/** One fault to inject. Every kind may also carry `latencyMs`, applied before the fault acts. */
export interface FaultSpec {
  kind: FaultKind;
  /** Exact path (e.g. `/api/validate/request`) or `*` for every validation route (default `*`). */
  route?: string;
  /** Probability 0..1 of applying on a matching request, drawn from the seeded PRNG (default 1). */
  rate?: number;
  /** Apply this many times, then stop. */
  times?: number;
  latencyMs?: LatencySpec;
  /** `status`: the status code (default 500). */
  status?: number;
  /** `status` and `non_json`: the body (a string is sent as is, anything else as JSON). */
  body?: unknown;
  /** `status`: extra response headers, e.g. `{"Retry-After":"1"}`. */
  headers?: Record<string, string>;
  /** `slow_body`: how long to dribble the body over (default 1000 ms). */
  durationMs?: number;
  /** `fail_open_object`: the `error` field (default `guardrails-service unavailable`). */
  message?: string;
}

/** A fault as it is held by the server, with its bookkeeping. */
export interface FaultState extends FaultSpec {
  id: number;
  route: string;
  rate: number;
  /** Applications left, or null for unlimited. */
  remaining: number | null;
  /** How many times it has been applied. */
  hits: number;
}

/** Runtime switches, changeable while the server runs. */
export interface MockAktoRuntimeOptions {
  responseCasing: ResponseCasing;
  /** Put the input payload in `ModifiedPayload` when a verdict is not modified (`Modified` stays false). */
  echoModifiedPayload: boolean;
  /** Replacement for masked PII, regex and banned-substring spans (default `[REDACTED]`). */
  redactionPlaceholder: string;
  metadata: MetadataMode;
  /** GS-new semantics: an alert-behaviour match answers `Allowed:true` (default false: HEAD's `Allowed:false`). */
  alertAllowed: boolean;
  /** When set, `/api/*` routes require it (see README); null turns auth off. */
  token: string | null;
  /** Seed of the fault PRNG; setting it reseeds. */
  seed: number;
}

export interface MockAktoOptions extends Partial<MockAktoRuntimeOptions> {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Policies to serve; default `defaultPolicies`. */
  policies?: GuardrailPolicy[];
  /** A policy file (`{"guardrailPolicies":[...]}` or a bare array); wins over `policies`. */
  policiesFile?: string;
  faults?: FaultSpec[];
  /** How many validations, events and requests to keep (each; default 10,000). */
  recordLimit?: number;
}

export type ValidationRoute =
  | "/api/validate/request"
  | "/api/validate/response"
  | "/api/validate/requestWithPolicy"
  | "/api/ingestData"
  | "/api/http-proxy";

export interface ValidationRecord {
  id: number;
  /** ISO time. */
  time: string;
  route: ValidationRoute;
  direction: "request" | "response";
  /** The envelope as received (the parsed JSON body, or the raw text when it was not JSON). */
  envelope: unknown;
  /** The validated text (`requestPayload`, `responsePayload` or `payload`). */
  payload: string;
  /** `payload` parsed as JSON, or undefined when it is not JSON. */
  parsedPayload: unknown;
  contextSource: string;
  sessionId: string;
  requestId: string;
  skipThreat: boolean;
  /** Null when a fault replaced the answer. */
  verdict: Verdict | null;
  /** Null when a fault replaced the answer. */
  action: VerdictAction | null;
  latencyMs: number;
  fault: FaultKind | null;
}

export type EventKind = "malicious_event" | "ingest_data" | "http_proxy_ingest";

export interface EventRecord {
  id: number;
  time: string;
  /** `generated`: made by the mock for a blocked/modified verdict; `posted`: sent by a client. */
  source: "generated" | "posted";
  kind: EventKind;
  route: string;
  /** `RecordMaliciousEventRequest` for malicious events; the posted JSON (or raw text) otherwise. */
  body: unknown;
}

export interface RequestRecord {
  id: number;
  time: string;
  method: string;
  path: string;
  /** The raw query string without `?`. */
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** In-process control of a running mock. */
export interface MockAktoAdmin {
  setFaults(faults: FaultSpec[]): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  faults(): FaultState[];
  setOptions(options: Partial<MockAktoRuntimeOptions>): void;
  options(): MockAktoRuntimeOptions;
  setPolicies(policies: GuardrailPolicy[]): void;
  policies(): GuardrailPolicy[];
  validations(): ValidationRecord[];
  events(): EventRecord[];
  requests(): RequestRecord[];
  /** Forget every recorded validation, event and request. */
  clear(): void;
  /** Resolves once at least `count` validations are recorded (default timeout 5000 ms). */
  waitForValidations(count: number, timeoutMs?: number): Promise<ValidationRecord[]>;
  waitForEvents(count: number, timeoutMs?: number): Promise<EventRecord[]>;
  waitForRequests(count: number, timeoutMs?: number): Promise<RequestRecord[]>;
}

export interface MockAkto {
  /** `http://HOST:PORT`, no trailing slash. */
  url: string;
  host: string;
  port: number;
  admin: MockAktoAdmin;
  /** Stops the server and destroys every open socket, hung ones included. */
  close(): Promise<void>;
}
