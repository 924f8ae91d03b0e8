import { Readable } from "node:stream";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readUpstreamBody } from "./read-upstream-body";

const body = Buffer.from(JSON.stringify({ text: "hello ".repeat(50) }));
const stream = (bytes: Buffer) => Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]);

describe("readUpstreamBody", () => {
  it("should read identity bodies as they are", async () => {
    expect(await readUpstreamBody(stream(body), undefined, 10_000)).toEqual({ ok: true, bytes: body, decoded: false });
  });

  it("should decode gzip and br", async () => {
    expect(await readUpstreamBody(stream(gzipSync(body)), "gzip", 10_000)).toEqual({ ok: true, bytes: body, decoded: true });
    expect(await readUpstreamBody(stream(brotliCompressSync(body)), "br", 10_000)).toEqual({ ok: true, bytes: body, decoded: true });
  });

  it("should refuse bodies over the limit, compressed or not", async () => {
    expect(await readUpstreamBody(stream(body), undefined, 100)).toEqual({ ok: false, reason: "too_large" });
    expect(await readUpstreamBody(stream(gzipSync(body)), "gzip", 100)).toEqual({ ok: false, reason: "too_large" });
  });

  it("should refuse unknown or broken encodings", async () => {
    expect(await readUpstreamBody(stream(body), "zstd", 10_000)).toEqual({ ok: false, reason: "unsupported_encoding" });
    expect(await readUpstreamBody(stream(body), "gzip", 10_000)).toEqual({ ok: false, reason: "bad_encoding" });
  });
});
