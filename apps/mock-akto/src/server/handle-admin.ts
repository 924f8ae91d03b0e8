import { MockAktoError } from "../mock-akto-error";
import type { MockAktoAdmin, MockAktoRuntimeOptions } from "../types";
import { isPlainObject, parseJsonSafely } from "../util/parse-json-safely";
import { emptyReply, jsonReply, notFoundReply, type HttpReply } from "./http-reply";
import type { ServerState } from "./server-state";

export interface AdminRequest {
  method: string;
  path: string;
  query: string;
  body: string;
}

const defaultListLimit = 10_000;

function readList(query: string, list: (limit: number, since: number) => unknown[]): HttpReply {
  const parameters = new URLSearchParams(query);
  const limit = Number(parameters.get("limit") ?? defaultListLimit);
  const since = Number(parameters.get("since") ?? 0);
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(since) || since < 0) {
    return jsonReply(400, { error: "limit and since must be non-negative integers" });
  }
  return jsonReply(200, list(limit, since));
}

function publicOptions(options: MockAktoRuntimeOptions): Record<string, unknown> {
  // Never echo the token itself back over HTTP.
  return { ...options, token: options.token === null ? null : "***" };
}

function parseBody(body: string): { success: true; value: unknown } | { success: false; reply: HttpReply } {
  const parsed = parseJsonSafely(body);
  return parsed.success
    ? parsed
    : { success: false, reply: jsonReply(400, { error: `body is not JSON: ${parsed.error}` }) };
}

function guarded(action: () => HttpReply): HttpReply {
  try {
    return action();
  } catch (error) {
    if (MockAktoError.isInstance(error)) return jsonReply(400, { error: error.message, code: error.code });
    throw error;
  }
}

/** The `/__admin/` HTTP API, a thin layer over the in-process admin. */
export function handleAdmin(state: ServerState, admin: MockAktoAdmin, request: AdminRequest): HttpReply {
  const { method, path, query } = request;
  const withBody = (use: (value: unknown) => HttpReply): HttpReply => {
    const parsed = parseBody(request.body);
    return parsed.success ? guarded(() => use(parsed.value)) : parsed.reply;
  };
  const { recorder } = state;
  switch (`${method} ${path}`) {
    case "GET /__admin/validations":
      return readList(query, (limit, since) => recorder.validations.recent(limit, since));
    case "GET /__admin/events":
      return readList(query, (limit, since) => recorder.events.recent(limit, since));
    case "GET /__admin/requests":
      return readList(query, (limit, since) => recorder.requests.recent(limit, since));
    case "DELETE /__admin/records":
      admin.clear();
      return emptyReply(204);
    case "GET /__admin/faults":
      return jsonReply(200, admin.faults());
    case "PUT /__admin/faults":
      return withBody((value) => {
        const faults = isPlainObject(value) ? value["faults"] : value;
        if (!Array.isArray(faults)) return jsonReply(400, { error: "expected an array of faults or {\"faults\":[...]}" });
        admin.setFaults(faults);
        return jsonReply(200, admin.faults());
      });
    case "POST /__admin/faults":
      return withBody((value) => {
        admin.addFault(value as never);
        return jsonReply(200, admin.faults());
      });
    case "DELETE /__admin/faults":
      admin.clearFaults();
      return emptyReply(204);
    case "GET /__admin/options":
      return jsonReply(200, publicOptions(admin.options()));
    case "POST /__admin/options":
      return withBody((value) => {
        admin.setOptions(value as Partial<MockAktoRuntimeOptions>);
        return jsonReply(200, publicOptions(admin.options()));
      });
    case "GET /__admin/policies":
      return jsonReply(200, { guardrailPolicies: admin.policies() });
    case "PUT /__admin/policies":
      return withBody((value) => {
        admin.setPolicies(value as never);
        return jsonReply(200, { guardrailPolicies: admin.policies() });
      });
    default:
      return notFoundReply;
  }
}
