import type { CallerSignal } from "./caller-signal";
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
  readonly signal?: CallerSignal;
}

export interface DeadlineResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

// Why a request was cut short by us, so the error maps to the right failure class.
class DeadlineExceeded extends Error {}
class CallerAborted extends Error {}
class ResponseTooLarge extends Error {}

/**
 * One HTTP exchange with a single deadline for everything: connect, headers and the whole body
 * (undici's own timeouts are per phase, so a slow body could otherwise outlive the budget).
 *
 * It uses undici's dispatch handler API directly: the controller it hands over can abort the
 * request, so no AbortController and no stream are created per call (both show on the hot path).
 * Rejects with a `GuardrailError`.
 */
export function sendWithDeadline(request: DeadlineRequest): Promise<DeadlineResponse> {
  const remaining = request.deadline - Date.now();
  if (remaining <= 0) {
    return Promise.reject(GuardrailError.fromFailureClass("timeout", `Akto at ${request.origin} timed out (deadline spent)`));
  }
  if (request.signal?.aborted) {
    return Promise.reject(GuardrailError.fromFailureClass("connection", "Akto call aborted by the caller"));
  }

  return new Promise<DeadlineResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let pendingAbort: Error | undefined;
    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;

    const abort = (reason: Error) => {
      if (controller) controller.abort(reason);
      else pendingAbort = reason;
    };
    const timer = setTimeout(() => abort(new DeadlineExceeded()), remaining);
    const onCallerAbort = () => abort(new CallerAborted());
    request.signal?.addEventListener("abort", onCallerAbort, { once: true });

    const settle = (error: unknown, response?: DeadlineResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onCallerAbort);
      if (response) {
        resolve(response);
        return;
      }
      if (error instanceof DeadlineExceeded) {
        reject(GuardrailError.fromFailureClass("timeout", `Akto at ${request.origin} did not answer within the deadline`, { isRetryable: true }));
      } else if (error instanceof CallerAborted) {
        reject(GuardrailError.fromFailureClass("connection", "Akto call aborted by the caller"));
      } else if (error instanceof ResponseTooLarge) {
        reject(GuardrailError.fromFailureClass("malformed_response", `Akto answer exceeded ${request.maxResponseBytes} bytes`, { status }));
      } else {
        reject(mapTransportError(error, request.origin));
      }
    };

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(dispatchController) {
        controller = dispatchController;
        if (pendingAbort) dispatchController.abort(pendingAbort);
      },
      onResponseStart(dispatchController, statusCode, responseHeaders) {
        if (statusCode < 200) return; // 1xx informational answers carry no verdict
        status = statusCode;
        headers = responseHeaders as Record<string, string | string[] | undefined>;
        const declared = Number(headers["content-length"]);
        if (Number.isFinite(declared) && declared > request.maxResponseBytes) dispatchController.abort(new ResponseTooLarge());
      },
      onResponseData(dispatchController, chunk) {
        size += chunk.length;
        if (size > request.maxResponseBytes) {
          dispatchController.abort(new ResponseTooLarge());
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        const body = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks, size).toString("utf8");
        settle(undefined, { status, headers, body });
      },
      onResponseError(_dispatchController, error) {
        settle(error);
      },
    };

    try {
      const options: Dispatcher.DispatchOptions = {
        origin: request.origin,
        path: request.path,
        method: request.method,
        headers: request.headers,
        headersTimeout: remaining,
        bodyTimeout: remaining,
      };
      if (request.body !== undefined) options.body = request.body;
      request.dispatcher.dispatch(options, handler);
    } catch (error) {
      settle(error);
    }
  });
}
