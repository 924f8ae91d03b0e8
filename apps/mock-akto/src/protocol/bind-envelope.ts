import { isPlainObject } from "../util/parse-json-safely";

/** The string fields of GS `models.ValidateRequestParams`. */
export const envelopeStringFields = [
  "requestPayload",
  "path",
  "method",
  "requestHeaders",
  "responseHeaders",
  "responsePayload",
  "payload",
  "ip",
  "destIp",
  "time",
  "statusCode",
  "type",
  "status",
  "akto_account_id",
  "akto_vxlan_id",
  "is_pending",
  "source",
  "direction",
  "process_id",
  "socket_id",
  "daemonset_id",
  "enabled_graph",
  "tag",
  "metadata",
  "contextSource",
] as const;

export type EnvelopeStringField = (typeof envelopeStringFields)[number];

/** A bound validation envelope: every string field present (empty when absent or null). */
export type Envelope = Record<EnvelopeStringField, string> & { skipThreat: boolean };

export type BindResult<T> = { success: true; value: T } | { success: false; error: string };

/** A Go struct field for binding: a string, a bool or a string list. */
export type FieldKind = "string" | "bool" | "strings";

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value === "object" ? "object" : typeof value;
}

/**
 * Binds a JSON value into a flat struct the way Go's encoding/json does: keys match field names
 * case-insensitively, unknown keys are ignored, `null` leaves the zero value, and any other type
 * mismatch is an error. `goType` names the struct in error messages.
 */
export function bindStruct(
  value: unknown,
  fields: ReadonlyMap<string, { name: string; kind: FieldKind }>,
  goType: string,
): BindResult<Map<string, string | boolean | string[]>> {
  const bound = new Map<string, string | boolean | string[]>();
  if (value === null) return { success: true, value: bound };
  if (!isPlainObject(value)) {
    return { success: false, error: `json: cannot unmarshal ${jsonTypeName(value)} into Go value of type ${goType}` };
  }
  for (const key of Object.keys(value)) {
    const field = fields.get(key.toLowerCase());
    if (field === undefined) continue;
    const fieldValue = value[key];
    if (fieldValue === null) continue;
    const expected = field.kind === "bool" ? "boolean" : field.kind === "string" ? "string" : "strings";
    const matches =
      expected === "strings"
        ? Array.isArray(fieldValue) && fieldValue.every((item) => typeof item === "string")
        : typeof fieldValue === expected;
    if (!matches) {
      const goFieldType = field.kind === "bool" ? "bool" : field.kind === "string" ? "string" : "[]string";
      return {
        success: false,
        error: `json: cannot unmarshal ${jsonTypeName(fieldValue)} into Go struct field ${goType}.${field.name} of type ${goFieldType}`,
      };
    }
    bound.set(field.name, fieldValue as string | boolean | string[]);
  }
  return { success: true, value: bound };
}

export function fieldTable(
  entries: ReadonlyArray<readonly [string, FieldKind]>,
): ReadonlyMap<string, { name: string; kind: FieldKind }> {
  return new Map(entries.map(([name, kind]) => [name.toLowerCase(), { name, kind }]));
}

const envelopeFields = fieldTable([
  ...envelopeStringFields.map((name) => [name, "string"] as const),
  ["skipThreat", "bool"],
]);

export function toEnvelope(bound: ReadonlyMap<string, string | boolean | string[]>): Envelope {
  const envelope = { skipThreat: bound.get("skipThreat") === true } as Envelope;
  for (const field of envelopeStringFields) {
    const value = bound.get(field);
    envelope[field] = typeof value === "string" ? value : "";
  }
  return envelope;
}

/** Binds a `/api/validate/*` (and `/api/http-proxy`) body. */
export function bindEnvelope(value: unknown): BindResult<Envelope> {
  const bound = bindStruct(value, envelopeFields, "models.ValidateRequestParams");
  return bound.success ? { success: true, value: toEnvelope(bound.value) } : bound;
}
