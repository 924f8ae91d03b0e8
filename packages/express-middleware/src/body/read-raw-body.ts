import type { IncomingMessage } from "node:http";
import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

export type RawBodyResult =
  | { readonly kind: "ok"; readonly buffer: Buffer }
  | { readonly kind: "too-large" }
  | { readonly kind: "unsupported-encoding"; readonly encoding: string }
  | { readonly kind: "corrupt-encoding" }
  | { readonly kind: "aborted" };

function decompressorFor(encoding: string): Transform | undefined {
  if (encoding === "gzip" || encoding === "x-gzip") return createGunzip();
  if (encoding === "deflate") return createInflate();
  if (encoding === "br") return createBrotliDecompress();
  return undefined;
}

/** Lets the rest of the request body flow away, then calls back (so an error answer reaches the client). */
function drain(request: IncomingMessage, done: () => void): void {
  if (request.readableEnded || request.destroyed) {
    done();
    return;
  }
  request.once("end", done);
  request.once("close", done);
  request.resume();
}

/**
 * Reads a request body into memory, inflating gzip, deflate and br like express.json, and stops
 * at `limit` bytes (decoded). Never rejects.
 */
export function readRawBody(request: IncomingMessage, limit: number): Promise<RawBodyResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: RawBodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const encoding = String(request.headers["content-encoding"] ?? "identity").trim().toLowerCase() || "identity";
    const decompressor = encoding === "identity" ? undefined : decompressorFor(encoding);
    if (encoding !== "identity" && !decompressor) {
      drain(request, () => settle({ kind: "unsupported-encoding", encoding }));
      return;
    }
    const declared = Number(request.headers["content-length"]);
    if (!decompressor && Number.isFinite(declared) && declared > limit) {
      drain(request, () => settle({ kind: "too-large" }));
      return;
    }

    const source: Readable = decompressor ?? request;
    const chunks: Buffer[] = [];
    let received = 0;
    let stopped = false;

    const stop = (result: RawBodyResult) => {
      if (stopped) return;
      stopped = true;
      source.removeListener("data", onData);
      if (decompressor) {
        request.unpipe(decompressor);
        decompressor.destroy();
      }
      drain(request, () => settle(result));
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) stop({ kind: "too-large" });
      else chunks.push(chunk);
    };

    source.on("data", onData);
    source.once("end", () => {
      if (!stopped) settle({ kind: "ok", buffer: Buffer.concat(chunks) });
    });
    if (decompressor) {
      decompressor.once("error", () => stop({ kind: "corrupt-encoding" }));
      request.pipe(decompressor);
    }
    request.once("error", () => settle({ kind: "aborted" }));
    request.once("close", () => {
      if (!request.readableEnded) settle({ kind: "aborted" });
    });
  });
}
