import type { Dispatcher } from "undici";
import { buildClientResponseHeaders } from "../upstream/client-response-headers";
import type { Exchange } from "./exchange";
import type { ResponseHeaders } from "./send-response";

/**
 * Streams the upstream's answer to the client as it arrives (status, headers minus hop-by-hop, body
 * bytes untouched). If either side breaks off, both are torn down.
 */
export function relayResponse(exchange: Exchange, answer: Dispatcher.ResponseData, extraHeaders: ResponseHeaders = {}): Promise<void> {
  const { response } = exchange;
  const { body } = answer;
  if (response.destroyed) {
    body.destroy();
    return Promise.resolve();
  }
  const headers = buildClientResponseHeaders(answer.headers);
  for (const name of Object.keys(extraHeaders)) headers[name] = extraHeaders[name]!;
  response.writeHead(answer.statusCode, headers);
  // Plain pipe rather than stream.pipeline: pipeline allocates an AbortController per call, which shows on the fast path.
  return new Promise<void>((resolve) => {
    body.on("error", () => {
      // The upstream broke off mid-body (or was aborted): the client must not take a truncated body as complete.
      response.destroy();
      resolve();
    });
    response.on("close", () => {
      if (!body.readableEnded) body.destroy();
      resolve();
    });
    body.pipe(response);
  });
}
