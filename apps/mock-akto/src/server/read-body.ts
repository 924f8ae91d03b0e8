import type { IncomingMessage } from "node:http";

export const maxBodyBytes = 16 * 1024 * 1024;

/** The request body as UTF-8, or null when it exceeds `maxBodyBytes`. */
export function readBody(request: IncomingMessage): Promise<string | null> {
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
      if (tooLarge) resolve(null);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    });
    request.on("error", reject);
    // A client that goes away mid-body never sends "end".
    request.on("close", () => {
      if (!request.complete) reject(new Error("request aborted before its body ended"));
    });
  });
}
