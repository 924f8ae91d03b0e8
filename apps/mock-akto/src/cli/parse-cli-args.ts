import { parseArgs } from "node:util";
import { normalizeFault } from "../faults/normalize-fault";
import type { FaultSpec, MockAktoOptions } from "../types";
import { parseJsonSafely } from "../util/parse-json-safely";

export const cliUsage = `Usage: mock-akto [options]

A local mock of Akto's guardrails service (GS), the DIS /api/http-proxy route and the TBS
threat route, on one port. Prints "listening on http://HOST:PORT" when ready.

Options:
  --host HOST                 bind address (default 127.0.0.1)
  --port N                    port (default 0: any free port)
  --policies FILE             policy file: {"guardrailPolicies":[...]} or a bare array
                              (default: the built-in policies/default.json)
  --token TOKEN               require this token on /api/* routes (default: auth off)
  --placeholder TEXT          redaction placeholder (default [REDACTED])
  --casing MODE               standard | lowercase | failopen-dual (default standard)
  --echo-modified-payload     echo the input in ModifiedPayload when not modified
  --metadata MODE             filled | empty (default filled)
  --alert-allowed             alert matches answer Allowed:true (GS-new semantics)
  --seed N                    seed of the fault PRNG (default 1)
  --record-limit N            records kept per kind (default 10000)
  --fault JSON                a fault, e.g. '{"kind":"status","status":429,"headers":{"Retry-After":"1"}}'
                              (repeatable)
  --latency-ms N              shortcut: add N ms to every validation route
  --fault-kind KIND           shortcut: a fault of this kind on every validation route
  --fault-rate R              ... applied with probability R (default 1)
  --fault-status CODE         ... with this status (for --fault-kind status)
  --help                      show this help
`;

export type CliParseResult =
  | { kind: "help" }
  | { kind: "run"; options: MockAktoOptions }
  | { kind: "error"; message: string };

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(text)}`);
  return value;
}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`${name} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!allowed.includes(text as T)) throw new Error(`${name} must be one of ${allowed.join(", ")}`);
  return text as T;
}

function parseFault(text: string): FaultSpec {
  const parsed = parseJsonSafely(text);
  if (!parsed.success) throw new Error(`--fault is not JSON: ${parsed.error}`);
  return normalizeFault(parsed.value);
}

/** Parses `mock-akto` arguments into server options (never throws). */
export function parseCliArgs(argv: readonly string[]): CliParseResult {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        policies: { type: "string" },
        token: { type: "string" },
        placeholder: { type: "string" },
        casing: { type: "string" },
        "echo-modified-payload": { type: "boolean" },
        metadata: { type: "string" },
        "alert-allowed": { type: "boolean" },
        seed: { type: "string" },
        "record-limit": { type: "string" },
        fault: { type: "string", multiple: true },
        "latency-ms": { type: "string" },
        "fault-kind": { type: "string" },
        "fault-rate": { type: "string" },
        "fault-status": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help === true) return { kind: "help" };

    const faults: FaultSpec[] = (values.fault ?? []).map(parseFault);
    const latencyMs = number("--latency-ms", values["latency-ms"]);
    if (latencyMs !== undefined) faults.push(normalizeFault({ kind: "latency", latencyMs }));
    const faultKind = values["fault-kind"];
    const faultRate = number("--fault-rate", values["fault-rate"]);
    const faultStatus = integer("--fault-status", values["fault-status"]);
    if (faultKind !== undefined) {
      faults.push(normalizeFault({ kind: faultKind, rate: faultRate, status: faultStatus }));
    } else if (faultRate !== undefined || faultStatus !== undefined) {
      throw new Error("--fault-rate and --fault-status need --fault-kind");
    }

    const port = integer("--port", values.port);
    if (port !== undefined && (port < 0 || port > 65535)) throw new Error("--port must be 0-65535");
    const options: MockAktoOptions = { faults };
    if (values.host !== undefined) options.host = values.host;
    if (port !== undefined) options.port = port;
    if (values.policies !== undefined) options.policiesFile = values.policies;
    if (values.token !== undefined) options.token = values.token;
    if (values.placeholder !== undefined) options.redactionPlaceholder = values.placeholder;
    const casing = oneOf("--casing", values.casing, ["standard", "lowercase", "failopen-dual"] as const);
    if (casing !== undefined) options.responseCasing = casing;
    if (values["echo-modified-payload"] === true) options.echoModifiedPayload = true;
    const metadata = oneOf("--metadata", values.metadata, ["filled", "empty"] as const);
    if (metadata !== undefined) options.metadata = metadata;
    if (values["alert-allowed"] === true) options.alertAllowed = true;
    const seed = integer("--seed", values.seed);
    if (seed !== undefined) options.seed = seed;
    const recordLimit = integer("--record-limit", values["record-limit"]);
    if (recordLimit !== undefined) options.recordLimit = recordLimit;
    return { kind: "run", options };
  } catch (error) {
    return { kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
}
