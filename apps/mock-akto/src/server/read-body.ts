import type { IncomingMessage } from "node:http";

export const maxBodyBytes = 16 * 1024 * 1024;

export interface RequestBody {
  text: string;
  /** The same body as received; the recording keeps these bytes instead of the string (see recorder/). */
  bytes: Buffer;
}

/** The request body as UTF-8 text and bytes, or null when it exceeds `maxBodyBytes`. */
export function readBody(request: IncomingMessage): Promise<RequestBody | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let tooLarge = false;
    request.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBodyBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on("end", () => {
      if (tooLarge) {
        resolve(null);
        return;
      }
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      resolve({ text: bytes.toString("utf8"), bytes });
    });
    request.on("error", reject);
    // A client that goes away mid-body never sends "end".
    request.on("close", () => {
      if (!request.complete) reject(new Error("request aborted before its body ended"));
    });
  });
}
