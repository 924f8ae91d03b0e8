import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './types';

export interface JsonTarget {
  response: ServerResponse;
  /** Present for recorded (non-admin) requests: gets the status and names the `x-request-id`. */
  record?: RecordedRequest;
}

/** Writes a complete JSON response (and records its status). */
export function sendJson(target: JsonTarget, status: number, body: unknown): void {
  const { response, record } = target;
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  };
  if (record) {
    record.status = status;
    headers['x-request-id'] = record.id;
  }
  response.writeHead(status, headers);
  response.end(text);
}
