import { apiDialectForShape, buildApiError, type DetectedShape } from "@akto-guardrails/core";
import type { Response } from "express";

/** Sends a JSON answer, replacing whatever body headers an earlier `res.send` computed. */
export function sendJson(response: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.removeHeader("etag");
  response.removeHeader("content-encoding");
  response.removeHeader("transfer-encoding");
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("content-length", Buffer.byteLength(text));
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.end(text);
}

/** Sends one of the middleware's own errors (400/413/415/500) in the API's error shape. */
export function sendApiError(response: Response, shape: DetectedShape, status: number, message: string): void {
  sendJson(response, status, buildApiError({ dialect: apiDialectForShape(shape), status, message }));
}
