import { classifyHttpStatus, type Failure } from "../failure/failure-class";
import { getOwnProperty } from "../shapes/own-property";
import { isPlainObject, safeParseJson } from "../util/json";
import type { AktoVerdict } from "./akto-verdict";

export type AktoResultParse = { ok: true; verdict: AktoVerdict } | { ok: false; failure: Failure };

/** Which side's result to read from an `/api/http-proxy` answer that carries both. */
export type HttpProxySide = "request" | "response";

const BACKPRESSURE_PREFIX = "guardrail scan skipped (backpressure)";

function malformed(message: string, status?: number): AktoResultParse {
  return { ok: false, failure: { class: "malformed_response", message, ...(status === undefined ? {} : { status }) } };
}

type FieldRead<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

/** Reads a field in either casing; a conflict between the two casings is malformed, not a guess. */
function readField<T>(
  record: Record<string, unknown>,
  names: ReadonlyArray<string>,
  isType: (value: unknown) => value is T,
  typeName: string,
): FieldRead<T> {
  let found: T | undefined;
  for (const name of names) {
    if (!Object.hasOwn(record, name)) continue;
    const value = record[name];
    if (value === null || value === undefined) continue;
    if (!isType(value)) return { ok: false, message: `${name} is not a ${typeName}` };
    if (found !== undefined && found !== value) return { ok: false, message: `${names.join(" and ")} disagree` };
    found = value;
  }
  return { ok: true, value: found };
}

const isBoolean = (value: unknown): value is boolean => typeof value === "boolean";
const isString = (value: unknown): value is string => typeof value === "string";

/** Parses one ValidationResult object (the body of `/api/validate/*`, or `guardrailsResult` of http-proxy). */
export function parseValidationResult(value: unknown, status?: number): AktoResultParse {
  if (!isPlainObject(value)) return malformed("verdict is not a JSON object", status);

  // Own fields only (as everywhere an untrusted answer is read): a polluted prototype must not turn a
  // verdict into a fail-open answer or fill in a missing field.
  // Akto's Java clients answer with this object when *they* could not reach the scanner.
  if (getOwnProperty(value, "failOpen") === true) {
    const error = getOwnProperty(value, "error");
    const detail = typeof error === "string" ? `: ${error.slice(0, 200)}` : "";
    return { ok: false, failure: { class: "server", message: `Akto did not scan (fail-open answer)${detail}` } };
  }

  const allowed = readField(value, ["Allowed", "allowed"], isBoolean, "boolean");
  if (!allowed.ok) return malformed(allowed.message, status);
  if (allowed.value === undefined) return malformed("Allowed is missing", status);
  const modified = readField(value, ["Modified", "modified"], isBoolean, "boolean");
  if (!modified.ok) return malformed(modified.message, status);
  const modifiedPayload = readField(value, ["ModifiedPayload", "modifiedPayload"], isString, "string");
  if (!modifiedPayload.ok) return malformed(modifiedPayload.message, status);
  const reason = readField(value, ["Reason", "reason"], isString, "string");
  if (!reason.ok) return malformed(reason.message, status);
  const behaviour = readField(value, ["behaviour", "Behaviour"], isString, "string");
  if (!behaviour.ok) return malformed(behaviour.message, status);

  const metadataValue = getOwnProperty(value, "Metadata") ?? getOwnProperty(value, "metadata");
  if (metadataValue !== undefined && metadataValue !== null && !isPlainObject(metadataValue)) {
    return malformed("Metadata is not an object", status);
  }
  const metadata = isPlainObject(metadataValue) ? metadataValue : {};
  const text = (key: string) => {
    const field = getOwnProperty(metadata, key);
    return typeof field === "string" ? field : "";
  };

  const reasonText = reason.value ?? "";
  if (allowed.value && reasonText.startsWith(BACKPRESSURE_PREFIX)) {
    return { ok: false, failure: { class: "server", message: "Akto skipped the scan (backpressure)" } };
  }

  return {
    ok: true,
    verdict: {
      allowed: allowed.value,
      modified: modified.value ?? false,
      modifiedPayload: modifiedPayload.value ?? "",
      reason: reasonText,
      behaviour: (behaviour.value ?? "").toLowerCase(),
      policy: text("policy_name"),
      rule: text("rule_violated"),
      severity: text("severity"),
    },
  };
}

/**
 * Parses Akto's HTTP answer to `/api/validate/request` or `/api/validate/response`.
 * Never throws: anything that is not a verdict is a `malformed_response` failure.
 */
export function parseAktoResult(status: number, bodyText: string): AktoResultParse {
  if (status < 200 || status > 299) {
    return { ok: false, failure: { class: classifyHttpStatus(status), message: `Akto answered HTTP ${status}`, status } };
  }
  const parsed = safeParseJson(bodyText);
  if (!parsed.success) return malformed("verdict is not valid JSON", status);
  return parseValidationResult(parsed.value, status);
}

/**
 * Parses the data-ingestion `/api/http-proxy` envelope
 * `{"success","message","data":{"guardrailsResult":{...,"requestResult"?,"responseResult"?}}}`.
 */
export function parseHttpProxyResult(status: number, bodyText: string, side: HttpProxySide): AktoResultParse {
  if (status < 200 || status > 299) {
    return { ok: false, failure: { class: classifyHttpStatus(status), message: `Akto answered HTTP ${status}`, status } };
  }
  const parsed = safeParseJson(bodyText);
  if (!parsed.success) return malformed("http-proxy answer is not valid JSON", status);
  const envelope = parsed.value;
  const data = isPlainObject(envelope) ? getOwnProperty(envelope, "data") : undefined;
  if (!isPlainObject(data)) return malformed("http-proxy answer has no data object", status);
  const result = getOwnProperty(data, "guardrailsResult");
  if (!isPlainObject(result)) return malformed("http-proxy answer has no guardrailsResult", status);
  // With both flags set, the top level is a copy of the request side with Allowed ANDed: read the side we asked for.
  const sideResult = getOwnProperty(result, side === "request" ? "requestResult" : "responseResult");
  return parseValidationResult(isPlainObject(sideResult) ? sideResult : result, status);
}
