import { MockAktoError } from "../mock-akto-error";
import type { FaultKind, FaultSpec, LatencySpec } from "../types";
import { isPlainObject } from "../util/parse-json-safely";

export const faultKinds: readonly FaultKind[] = [
  "latency",
  "status",
  "hang",
  "reset",
  "reset_mid_body",
  "non_json",
  "truncated",
  "wrong_types",
  "backpressure",
  "fail_open_object",
  "slow_body",
];

function invalid(message: string): never {
  throw new MockAktoError({ code: "INVALID_FAULT", message });
}

function isNonNegative(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function normalizeLatency(value: unknown): LatencySpec | undefined {
  if (value === undefined) return undefined;
  if (isNonNegative(value)) return value;
  if (isPlainObject(value) && isNonNegative(value["min"]) && isNonNegative(value["max"]) && value["min"] <= value["max"]) {
    return { min: value["min"], max: value["max"] };
  }
  return invalid("latencyMs must be a number >= 0 or {min, max} with 0 <= min <= max");
}

/** Validates a fault from code or JSON and fills its defaults. Throws `MockAktoError` `INVALID_FAULT`. */
export function normalizeFault(value: unknown): FaultSpec & { route: string; rate: number } {
  if (!isPlainObject(value)) return invalid("a fault must be an object");
  const kind = value["kind"];
  if (typeof kind !== "string" || !faultKinds.includes(kind as FaultKind)) {
    return invalid(`fault kind must be one of ${faultKinds.join(", ")}`);
  }
  const route = value["route"] ?? "*";
  if (typeof route !== "string" || (route !== "*" && !route.startsWith("/"))) {
    return invalid('route must be "*" or a path starting with "/"');
  }
  const rate = value["rate"] ?? 1;
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) return invalid("rate must be a number from 0 to 1");
  const times = value["times"];
  if (times !== undefined && !(typeof times === "number" && Number.isInteger(times) && times >= 1)) {
    return invalid("times must be a positive integer");
  }
  const latencyMs = normalizeLatency(value["latencyMs"]);
  if (kind === "latency" && latencyMs === undefined) return invalid("a latency fault needs latencyMs");
  const status = value["status"];
  if (status !== undefined && !(typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599)) {
    return invalid("status must be an HTTP status code (100-599)");
  }
  const headers = value["headers"];
  if (
    headers !== undefined &&
    !(isPlainObject(headers) && Object.values(headers).every((header) => typeof header === "string"))
  ) {
    return invalid("headers must be an object of strings");
  }
  const durationMs = value["durationMs"];
  if (durationMs !== undefined && !isNonNegative(durationMs)) return invalid("durationMs must be a number >= 0");
  const message = value["message"];
  if (message !== undefined && typeof message !== "string") return invalid("message must be a string");

  const fault: FaultSpec & { route: string; rate: number } = { kind: kind as FaultKind, route, rate };
  if (times !== undefined) fault.times = times;
  if (latencyMs !== undefined) fault.latencyMs = latencyMs;
  if (status !== undefined) fault.status = status;
  if (value["body"] !== undefined) fault.body = value["body"];
  // Copy header entries one by one into a fresh object: never merge parsed objects wholesale.
  if (headers !== undefined) {
    const copied: Record<string, string> = {};
    for (const [name, header] of Object.entries(headers)) {
      if (name !== "__proto__") copied[name] = header as string;
    }
    fault.headers = copied;
  }
  if (durationMs !== undefined) fault.durationMs = durationMs;
  if (message !== undefined) fault.message = message;
  return fault;
}
