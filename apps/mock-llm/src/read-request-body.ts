import type { IncomingMessage } from 'node:http';

export interface RequestBody {
  text: string;
  /** The body was bigger than the limit; `text` is empty and the rest was drained. */
  tooLarge: boolean;
  /** The client went away before the body was complete. */
  aborted: boolean;
}

/** Reads the whole body as UTF-8. Never rejects. */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let settled = false;
    const finish = (aborted: boolean): void => {
      if (settled) return;
      settled = true;
      const text = tooLarge ? '' : chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      resolve({ text, tooLarge, aborted });
    };
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => finish(false));
    request.on('close', () => finish(!request.complete));
    // Kept for the request's whole life: a client reset must never become an uncaught error.
    request.on('error', () => finish(true));
  });
}
