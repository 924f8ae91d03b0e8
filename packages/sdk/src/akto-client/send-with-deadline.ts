import { GuardrailError } from "@akto-guardrails/core";
import type { Dispatcher } from "undici";
import { mapTransportError } from "./map-transport-error";

export interface DeadlineRequest {
  readonly dispatcher: Dispatcher;
  readonly origin: string;
  readonly path: string;
  readonly method: "GET" | "POST";
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Absolute deadline (ms since epoch) covering connect, headers and the whole body. */
  readonly deadline: number;
  readonly maxResponseBytes: number;
  readonly signal?: AbortSignal;
}

export interface DeadlineResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * One HTTP exchange with a single deadline for everything (undici's own timeouts are per phase,
 * so a slow body could otherwise outlive the budget). Rejects with a `GuardrailError`.
 */
export async function sendWithDeadline(request: DeadlineRequest): Promise<DeadlineResponse> {
  const remaining = request.deadline - Date.now();
  if (remaining <= 0) throw GuardrailError.fromFailureClass("timeout", `Akto at ${request.origin} timed out (deadline spent)`);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, remaining);
  const onCallerAbort = () => controller.abort();
  request.signal?.addEventListener("abort", onCallerAbort, { once: true });
  if (request.signal?.aborted) controller.abort();

  try {
    const response = await request.dispatcher.request({
      origin: request.origin,
      path: request.path,
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: controller.signal,
      headersTimeout: remaining,
      bodyTimeout: remaining,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > request.maxResponseBytes) {
        response.body.destroy();
        throw GuardrailError.fromFailureClass(
          "malformed_response",
          `Akto answer exceeded ${request.maxResponseBytes} bytes`,
          { status: response.statusCode },
        );
      }
      chunks.push(chunk);
    }
    return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") };
  } catch (error) {
    if (timedOut) {
      throw GuardrailError.fromFailureClass("timeout", `Akto at ${request.origin} did not answer within the deadline`, {
        cause: error,
        isRetryable: true,
      });
    }
    if (request.signal?.aborted) {
      throw GuardrailError.fromFailureClass("connection", "Akto call aborted by the caller", { cause: error });
    }
    throw mapTransportError(error, request.origin);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onCallerAbort);
  }
}
