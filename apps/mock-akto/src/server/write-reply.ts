import type { ServerResponse } from "node:http";
import type { FaultState } from "../types";
import type { HttpReply } from "./http-reply";
import type { ServerState } from "./server-state";

export const corsHeaders: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Origin, Content-Type, Authorization",
};

function headersFor(reply: HttpReply, length: number): Record<string, string | number> {
  // A literal rather than a spread of corsHeaders: this runs for every reply and shows in benchmarks.
  const headers: Record<string, string | number> = {
    "Access-Control-Allow-Origin": corsHeaders["Access-Control-Allow-Origin"]!,
    "Access-Control-Allow-Methods": corsHeaders["Access-Control-Allow-Methods"]!,
    "Access-Control-Allow-Headers": corsHeaders["Access-Control-Allow-Headers"]!,
    "Content-Length": length,
  };
  if (reply.contentType !== null) headers["Content-Type"] = reply.contentType;
  if (reply.headers !== undefined) {
    for (const name of Object.keys(reply.headers)) headers[name] = reply.headers[name]!;
  }
  return headers;
}

/** Writes the body in slices spread over `durationMs` (headers go out at once). */
function dribble(state: ServerState, response: ServerResponse, body: Buffer, durationMs: number): void {
  const slices = Math.max(2, Math.min(20, body.length));
  const sliceSize = Math.ceil(body.length / slices);
  const interval = durationMs / slices;
  let offset = 0;
  const writeNext = () => {
    if (response.destroyed) return;
    const slice = body.subarray(offset, offset + sliceSize);
    offset += sliceSize;
    if (offset >= body.length) {
      response.end(slice);
      return;
    }
    response.write(slice);
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      writeNext();
    }, interval);
    state.timers.add(timer);
  };
  response.flushHeaders();
  writeNext();
}

/** Writes a reply, applying a transport fault (`truncated`, `reset_mid_body`, `slow_body`) if one is set. */
export function writeReply(state: ServerState, response: ServerResponse, reply: HttpReply, fault: FaultState | null): void {
  switch (fault?.kind) {
    case "truncated": {
      // 200 with the JSON cut in the middle; Content-Length is honest for what is sent.
      const body = Buffer.from(reply.body, "utf8");
      const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
      response.writeHead(200, headersFor(reply, cut.length));
      response.end(cut);
      return;
    }
    case "reset_mid_body": {
      const body = Buffer.from(reply.body, "utf8");
      response.writeHead(reply.status, headersFor(reply, body.length));
      const part = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
      response.write(part, () => response.socket?.destroy());
      return;
    }
    case "slow_body": {
      const body = Buffer.from(reply.body, "utf8");
      response.writeHead(reply.status, headersFor(reply, body.length));
      dribble(state, response, body, fault.durationMs ?? 1000);
      return;
    }
    default:
      // A string body leaves in one socket write together with the head; a Buffer would be a second chunk.
      response.writeHead(reply.status, headersFor(reply, Buffer.byteLength(reply.body, "utf8")));
      response.end(reply.body, "utf8");
  }
}
