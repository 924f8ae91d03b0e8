export interface ContentType {
  /** Lower-cased `type/subtype`. */
  readonly mediaType: string;
  /** Lower-cased charset parameter, when given. */
  readonly charset?: string;
}

/** Parses a Content-Type header leniently; `undefined` when there is none. */
export function parseContentType(header: string | ReadonlyArray<string> | number | undefined): ContentType | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? String(header[0] ?? "") : String(header);
  const [type = "", ...parameters] = value.split(";");
  const mediaType = type.trim().toLowerCase();
  if (mediaType === "") return undefined;
  for (const parameter of parameters) {
    const [name = "", raw = ""] = parameter.split("=");
    if (name.trim().toLowerCase() === "charset") return { mediaType, charset: raw.trim().replace(/^"|"$/g, "").toLowerCase() };
  }
  return { mediaType };
}

/** `application/json` and `application/*+json` (e.g. `application/vnd.api+json`). */
export function isJsonMediaType(mediaType: string | undefined): boolean {
  return mediaType === "application/json" || (mediaType !== undefined && /^application\/[^/]+\+json$/.test(mediaType));
}

export function isUtf8Charset(charset: string | undefined): boolean {
  return charset === undefined || charset === "utf-8" || charset === "utf8";
}

export function isEventStream(mediaType: string | undefined): boolean {
  return mediaType === "text/event-stream";
}
