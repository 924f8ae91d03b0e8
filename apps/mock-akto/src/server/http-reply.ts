/** What a route answers; the writer adds CORS headers and applies transport faults. */
export interface HttpReply {
  status: number;
  body: string;
  /** Null for an empty body without a Content-Type. */
  contentType: string | null;
  headers?: Record<string, string>;
}

export const jsonContentType = "application/json; charset=utf-8";
export const textContentType = "text/plain; charset=utf-8";

export function jsonReply(status: number, value: unknown): HttpReply {
  return { status, body: JSON.stringify(value), contentType: jsonContentType };
}

export function textReply(status: number, text: string): HttpReply {
  return { status, body: text, contentType: textContentType };
}

export function emptyReply(status: number): HttpReply {
  return { status, body: "", contentType: null };
}

/** gin's default answer for an unknown route or a wrong method. */
export const notFoundReply: HttpReply = textReply(404, "404 page not found");

/** GS's binding failure. */
export const invalidRequestReply: HttpReply = jsonReply(400, { error: "Invalid request format" });
