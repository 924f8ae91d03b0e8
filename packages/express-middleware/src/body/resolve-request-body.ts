import { safeParseJson, safeStringifyJson } from "@akto-guardrails/core";
import type { Request } from "express";
import { isJsonMediaType, isUtf8Charset, parseContentType } from "./content-type";
import { readRawBody } from "./read-raw-body";

/** How the handler sees the body, so a sanitized body is written back in the same form. */
export type BodyForm = "json" | "string" | "buffer";

export type RequestBodyResult =
  /** `text`: the JSON text the body was parsed from, when known (Akto's payload is then wrapped, not re-serialised). */
  | { readonly kind: "ok"; readonly body: unknown; readonly form: BodyForm; readonly text?: string }
  | { readonly kind: "error"; readonly status: 400 | 413 | 415; readonly message: string }
  | { readonly kind: "aborted" };

type ParsedRequest = Request & { _body?: boolean };

/** Whether the request carries a non-empty body (chunked, or a positive Content-Length). */
function hasBody(request: Request): boolean {
  return request.headers["transfer-encoding"] !== undefined || Number.parseInt(request.headers["content-length"] ?? "", 10) > 0;
}

function parseText(text: string, form: BodyForm): RequestBodyResult {
  const trimmed = text.replace(/^\uFEFF/, "");
  if (trimmed.trim() === "") return { kind: "error", status: 400, message: "The request body is empty; a JSON body is required" };
  const parsed = safeParseJson(trimmed);
  // The parser's message can quote the body, so it is not echoed.
  if (!parsed.success) return { kind: "error", status: 400, message: "The request body is not valid JSON" };
  return { kind: "ok", body: parsed.value, form, text: trimmed };
}

function unsupportedType(mediaType: string | undefined): RequestBodyResult {
  return {
    kind: "error",
    status: 415,
    message: `Unsupported Content-Type ${mediaType ? `"${mediaType}"` : "(none)"}; this route accepts application/json`,
  };
}

/**
 * The JSON body the route handler will see. Uses `req.body` when a body parser already ran
 * (`express.json()`, or `express.text()`/`express.raw()` holding JSON); otherwise reads and parses
 * the body itself (limit → 413, malformed → 400, non-JSON content type → 415) and marks the request
 * as parsed, so a body parser placed later skips it (`req._body` for body-parser 1, a finished
 * stream for body-parser 2).
 */
export async function resolveRequestBody(request: Request, limit: number): Promise<RequestBodyResult> {
  const parsedRequest = request as ParsedRequest;
  const contentType = parseContentType(request.headers["content-type"]);
  const consumed = parsedRequest._body === true || request.readableEnded;

  if (consumed || (request.body !== undefined && !hasBody(request))) {
    const body: unknown = request.body;
    if (body === undefined) return { kind: "error", status: 400, message: "A JSON request body is required" };
    if (typeof body !== "string" && !Buffer.isBuffer(body)) return { kind: "ok", body, form: "json" };
    if (!isJsonMediaType(contentType?.mediaType)) return unsupportedType(contentType?.mediaType);
    return typeof body === "string" ? parseText(body, "string") : parseText(body.toString("utf8"), "buffer");
  }
  if (!hasBody(request)) return { kind: "error", status: 400, message: "A JSON request body is required" };
  if (!isJsonMediaType(contentType?.mediaType)) {
    request.resume(); // nobody will read it
    return unsupportedType(contentType?.mediaType);
  }
  if (!isUtf8Charset(contentType?.charset)) {
    request.resume();
    return { kind: "error", status: 415, message: `Unsupported charset "${contentType?.charset}"; use utf-8` };
  }

  const raw = await readRawBody(request, limit);
  switch (raw.kind) {
    case "too-large":
      return { kind: "error", status: 413, message: `The request body is larger than the ${limit}-byte limit` };
    case "unsupported-encoding":
      return { kind: "error", status: 415, message: `Unsupported Content-Encoding "${raw.encoding}"` };
    case "corrupt-encoding":
      return { kind: "error", status: 400, message: "The request body could not be decompressed" };
    case "aborted":
      return { kind: "aborted" };
    case "ok":
      break;
  }
  const result = parseText(raw.buffer.toString("utf8"), "json");
  parsedRequest._body = true;
  request.body = result.kind === "ok" ? result.body : undefined;
  return result;
}

/**
 * Puts a (sanitized) body back where the handler reads it, in the form it had. Returns false when a
 * string or Buffer form cannot be produced (a body nested too deeply to serialise): the caller must
 * then refuse the request rather than leave the unsanitized original in place.
 */
export function writeRequestBody(request: Request, body: unknown, form: BodyForm): boolean {
  if (form === "json") {
    request.body = body;
    return true;
  }
  const text = safeStringifyJson(body);
  if (text === undefined) return false;
  request.body = form === "string" ? text : Buffer.from(text, "utf8");
  return true;
}
