import type { ApiShape, GuardContext, GuardResult } from "@akto-guardrails/core";
import { guardSseStream } from "@akto-guardrails/sdk";
import type { Dispatcher } from "undici";
import { buildClientResponseHeaders } from "../upstream/client-response-headers";
import type { Exchange } from "./exchange";
import type { ProxyRuntime } from "./proxy-runtime";
import type { ResponseHeaders } from "./send-response";

/**
 * Guards a streamed (SSE) answer with the sdk's `guardSseStream`: in `window` mode text reaches the client
 * one scanned window at a time, `buffer` holds the whole stream, `audit` forwards untouched and scans at
 * the end. On a block the driver writes the spec-valid termination and aborts the upstream request.
 * Headers go out at once and carry the input decision. Resolves with every output result.
 */
export async function relayStreamOutput(
  runtime: ProxyRuntime,
  exchange: Exchange,
  answer: Dispatcher.ResponseData,
  shape: ApiShape,
  context: GuardContext,
  headers: ResponseHeaders,
): Promise<GuardResult[]> {
  const { response } = exchange;
  const body = answer.body;
  const results: GuardResult[] = [];
  const outputMode = runtime.config.guardrails.output.mode;
  if (exchange.abort.aborted || response.destroyed) {
    body.destroy();
    return results;
  }
  response.writeHead(answer.statusCode, { ...buildClientResponseHeaders(answer.headers, { dropContentLength: true }), ...headers });
  response.flushHeaders();

  const driver = guardSseStream({
    guardrails: runtime.guardrails,
    shape,
    mode: outputMode === "audit" ? "audit" : outputMode === "buffer" ? "buffer" : "window",
    context: { ...context, statusCode: answer.statusCode },
    write: (text) => {
      if (response.destroyed) return;
      // Backpressure: stop reading the upstream while the client's socket is full.
      if (!response.write(text) && !body.isPaused()) {
        body.pause();
        response.once("drain", () => body.resume());
      }
    },
    end: () => response.end(),
    abortUpstream: () => exchange.abort.abort(),
    onResult: (result) => results.push(result),
  });
  const onClose = () => {
    if (!response.writableFinished) driver.cancel();
  };
  response.on("close", onClose);
  body.on("data", (chunk: Buffer) => driver.push(chunk));
  body.on("end", () => driver.end());
  // An abort (client gone, stream cut) or a broken upstream: release what was scanned and end.
  body.on("error", () => driver.end());
  try {
    await driver.finished;
  } finally {
    response.off("close", onClose);
  }
  return results;
}
