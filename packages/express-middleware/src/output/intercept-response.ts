import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from "node:http";

type WriteCallback = (error?: Error | null) => void;
type AnyFunction = (...args: never[]) => unknown;

/** The response's own methods, for writing what the guard releases. */
export interface OriginalMethods {
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string | Uint8Array, callback?: () => void): void;
}

/** Receives a streamed body chunk by chunk. */
export interface BodySink {
  push(chunk: Uint8Array): void;
  /** The handler ended the response; `callback` is its `res.end` callback. */
  end(callback?: () => void): void;
}

/** How a response is handled once the handler starts its body (status and headers are known then). */
export type InterceptMode =
  | { readonly kind: "pass" }
  | { readonly kind: "buffer"; readonly done: (body: Buffer, callback?: () => void) => void }
  | { readonly kind: "stream"; readonly sink: BodySink };

export interface ResponseInterception {
  readonly original: OriginalMethods;
  /** Puts every wrapped method back (before an `onBlock` handler uses the response). */
  restore(): void;
}

function toBuffer(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (chunk === undefined || chunk === null || typeof chunk === "function") return undefined;
  if (typeof chunk === "string") return Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), "utf8");
}

function callbackOf(...candidates: unknown[]): WriteCallback | undefined {
  return candidates.find((candidate): candidate is WriteCallback => typeof candidate === "function");
}

/**
 * Takes over `writeHead`, `flushHeaders`, `write` and `end` of a response so its body can be held
 * and scanned before it leaves. `res.json` and `res.send` end in `res.end`, and streams and SSE in
 * `res.write`, so every way Express sends a body comes through here. `writeHead` is deferred (its
 * status and headers are applied with `setHeader`) so nothing is committed before the body is
 * scanned; when the handler starts the body, `choose` decides from the status and headers whether
 * the body passes untouched, is buffered whole, or is streamed into a sink.
 */
export function interceptResponse(response: ServerResponse, choose: () => InterceptMode): ResponseInterception {
  const saved = {
    writeHead: response.writeHead,
    flushHeaders: response.flushHeaders,
    write: response.write,
    end: response.end,
  };
  const owned = {
    writeHead: Object.hasOwn(response, "writeHead"),
    flushHeaders: Object.hasOwn(response, "flushHeaders"),
    write: Object.hasOwn(response, "write"),
    end: Object.hasOwn(response, "end"),
  };
  const original: OriginalMethods = {
    write: (chunk) => (saved.write as AnyFunction).call(response, chunk as never) as boolean,
    end: (chunk, callback) => {
      if (chunk === undefined) (saved.end as AnyFunction).call(response, callback as never);
      else (saved.end as AnyFunction).call(response, chunk as never, callback as never);
    },
  };
  let mode: InterceptMode | undefined;
  let ended = false;
  const buffered: Buffer[] = [];

  const restoreMethod = (name: keyof typeof saved) => {
    if (owned[name]) (response as unknown as Record<string, unknown>)[name] = saved[name];
    else delete (response as unknown as Record<string, unknown>)[name];
  };
  const restore = () => {
    for (const name of Object.keys(saved) as Array<keyof typeof saved>) restoreMethod(name);
  };

  const decide = (): InterceptMode => {
    if (mode) return mode;
    // From here on Node may call writeHead itself (implicit headers), so it must be the real one.
    restoreMethod("writeHead");
    restoreMethod("flushHeaders");
    mode = choose();
    if (mode.kind === "pass") restore();
    return mode;
  };

  const set = (name: keyof typeof saved, implementation: AnyFunction) => {
    (response as unknown as Record<string, unknown>)[name] = implementation;
  };

  set("writeHead", (statusCode: number, ...rest: unknown[]) => {
    const [first, second] = rest;
    const headers = (typeof first === "string" ? second : first) as OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;
    response.statusCode = statusCode;
    if (typeof first === "string") response.statusMessage = first;
    if (Array.isArray(headers)) {
      // Raw form: [name, value, name, value, ...] or [[name, value], ...].
      if (headers.every((entry) => Array.isArray(entry))) {
        for (const entry of headers as unknown as Array<[string, OutgoingHttpHeader]>) response.setHeader(entry[0], entry[1]);
      } else {
        for (let index = 0; index + 1 < headers.length; index += 2) response.setHeader(String(headers[index]), headers[index + 1] as OutgoingHttpHeader);
      }
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) response.setHeader(name, value);
    }
    return response;
  });

  set("flushHeaders", () => {
    // An event stream wants its headers out at once; a held body must keep them back.
    if (decide().kind !== "buffer") response.flushHeaders();
  });

  set("write", (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const current = decide();
    if (current.kind === "pass") return (saved.write as AnyFunction).call(response, chunk as never, encoding as never, callback as never) as boolean;
    const done = callbackOf(encoding, callback);
    const data = toBuffer(chunk, encoding);
    if (!ended && data && data.length > 0) {
      if (current.kind === "buffer") buffered.push(data);
      else current.sink.push(data);
    }
    if (done) process.nextTick(done);
    return true;
  });

  set("end", (chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    const current = decide();
    if (current.kind === "pass") return (saved.end as AnyFunction).call(response, chunk as never, encoding as never, callback as never);
    const done = callbackOf(chunk, encoding, callback);
    if (ended) {
      if (done) process.nextTick(done);
      return response;
    }
    ended = true;
    const data = toBuffer(chunk, encoding);
    if (current.kind === "buffer") {
      if (data) buffered.push(data);
      current.done(Buffer.concat(buffered), done);
    } else {
      if (data && data.length > 0) current.sink.push(data);
      current.sink.end(done);
    }
    return response;
  });

  return { original, restore };
}
