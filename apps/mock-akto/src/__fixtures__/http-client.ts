import { request as httpRequest } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** POSTs a JSON value (or a raw string) and returns status, headers and text. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

/** The chat request body most adapters send, wrapped as GS expects: `{"body":{...}}`. */
export function chatPayload(content: string): string {
  return JSON.stringify({ body: { model: "gpt-4o", messages: [{ role: "user", content }] } });
}

/** Validates one prompt on /api/validate/request and returns the parsed verdict. */
export async function validatePrompt(
  baseUrl: string,
  content: string,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const response = await postJson(`${baseUrl}/api/validate/request`, { requestPayload: chatPayload(content), ...extra });
  if (response.status !== 200) throw new Error(`unexpected status ${response.status}: ${response.text}`);
  return response.json() as Record<string, unknown>;
}

/**
 * A raw node:http request that reports the socket's fate: the response (or the error),
 * and every body chunk with the time it arrived. Used for reset/hang/slow-body faults.
 */
export function rawRequest(
  url: string,
  body: string,
  method = "POST",
): Promise<{ response: RawResponse | null; chunks: Array<{ at: number; size: number }>; headersAt: number; error: Error | null }> {
  return new Promise((resolve) => {
    const chunks: Array<{ at: number; size: number }> = [];
    let headersAt = 0;
    let status = 0;
    let responseHeaders: RawResponse["headers"] = {};
    let text = "";
    const request = httpRequest(url, { method, headers: { "content-type": "application/json", connection: "close" } }, (response) => {
      headersAt = performance.now();
      status = response.statusCode ?? 0;
      responseHeaders = response.headers;
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        chunks.push({ at: performance.now(), size: Buffer.byteLength(chunk) });
        text += chunk;
      });
      response.on("end", () => resolve({ response: { status, headers: responseHeaders, body: text }, chunks, headersAt, error: null }));
      response.on("error", (error) => resolve({ response: { status, headers: responseHeaders, body: text }, chunks, headersAt, error }));
      response.on("close", () => {
        if (!response.complete) {
          const error = new Error("socket closed before the body ended");
          resolve({ response: { status, headers: responseHeaders, body: text }, chunks, headersAt, error });
        }
      });
    });
    request.on("error", (error) => resolve({ response: null, chunks, headersAt, error }));
    request.end(body);
  });
}
