import { GuardrailError, type AbortSignalLike, type AktoTransport } from "@akto-guardrails/core";

/** The subset of `fetch` the transport uses; the global `fetch` of Node, workerd and browsers fits. */
export type FetchFunction = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: "manual" },
) => Promise<{ readonly status: number; text(): Promise<string> }>;

export interface FetchTransportOptions {
  /** Akto base URL without a trailing slash. */
  readonly baseUrl: string;
  readonly apiKey?: string;
  /** `bearer` sends `Authorization: Bearer <apiKey>`, `raw` the key alone. */
  readonly authScheme: "bearer" | "raw";
  /** Defaults to the global `fetch`, looked up at call time so tests and hosts can replace it. */
  readonly fetch?: FetchFunction;
}

function isAbortSignal(signal: AbortSignalLike | undefined): signal is AbortSignal {
  return typeof (signal as AbortSignal | undefined)?.addEventListener === "function";
}

function connectionDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === "string" ? ` (${cause.code})` : "";
}

/**
 * An Akto transport on `fetch` with its own deadline (AbortController + setTimeout), covering headers and
 * body. Adds the credential itself; redirects are not followed. A timeout or a network error rejects with a
 * `GuardrailError` of failure class `timeout` / `connection`; every HTTP answer resolves (core classifies it).
 */
export function createFetchTransport(options: FetchTransportOptions): AktoTransport {
  return {
    async send(request, { timeoutMs, signal }) {
      const fetchFunction: FetchFunction = options.fetch ?? (globalThis.fetch as unknown as FetchFunction);
      const headers: Record<string, string> = { ...request.headers };
      if (options.apiKey) headers["authorization"] = options.authScheme === "raw" ? options.apiKey : `Bearer ${options.apiKey}`;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const abortFromCaller = () => controller.abort();
      if (isAbortSignal(signal)) signal.addEventListener("abort", abortFromCaller, { once: true });
      try {
        if (signal?.aborted) throw new Error("aborted by the caller");
        const response = await fetchFunction(`${options.baseUrl}${request.path}`, {
          method: "POST",
          headers,
          body: request.body,
          signal: controller.signal,
          redirect: "manual",
        });
        return { status: response.status, body: await response.text() };
      } catch (error) {
        if (timedOut) {
          throw GuardrailError.fromFailureClass("timeout", `Akto did not answer within ${timeoutMs} ms`, { isRetryable: true, cause: error });
        }
        throw GuardrailError.fromFailureClass("connection", `Akto could not be reached${connectionDetail(error)}`, {
          isRetryable: true,
          cause: error,
        });
      } finally {
        clearTimeout(timer);
        if (isAbortSignal(signal)) signal.removeEventListener("abort", abortFromCaller);
      }
    },
  };
}
