import type { IncomingMessage } from "node:http";

export type ReadBodyResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly reason: "too_large" | "aborted" };

/**
 * Reads a request body up to `limit` bytes. A declared `content-length` above the limit is refused
 * before reading; a body that grows past it stops being read at once.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<ReadBodyResult> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve({ ok: false, reason: "too_large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: ReadBodyResult) => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        finish({ ok: false, reason: "too_large" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    const onError = () => finish({ ok: false, reason: "aborted" });
    const onClose = () => {
      if (!request.complete) finish({ ok: false, reason: "aborted" });
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("close", onClose);
  });
}
