import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { Readable } from "node:stream";

export type ReadUpstreamBodyResult =
  | { readonly ok: true; readonly bytes: Buffer; readonly decoded: boolean }
  | { readonly ok: false; readonly reason: "too_large" | "unsupported_encoding" | "bad_encoding" };

/**
 * Reads a whole upstream body up to `limit` bytes (destroying the stream beyond it) and undoes a
 * gzip/deflate/br `content-encoding`, so the output scan reads text. The proxy asks for identity
 * encoding when it scans, so decoding is only a fallback.
 */
export async function readUpstreamBody(body: Readable, contentEncoding: string | undefined, limit: number): Promise<ReadUpstreamBodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      return { ok: false, reason: "too_large" };
    }
    chunks.push(buffer);
  }
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  const encoding = contentEncoding?.trim().toLowerCase();
  if (encoding === undefined || encoding === "" || encoding === "identity") return { ok: true, bytes, decoded: false };
  const options = { maxOutputLength: limit };
  try {
    if (encoding === "gzip" || encoding === "x-gzip") return { ok: true, bytes: gunzipSync(bytes, options), decoded: true };
    if (encoding === "deflate") return { ok: true, bytes: inflateSync(bytes, options), decoded: true };
    if (encoding === "br") return { ok: true, bytes: brotliDecompressSync(bytes, options), decoded: true };
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? "too_large" : "bad_encoding" };
  }
  return { ok: false, reason: "unsupported_encoding" };
}
