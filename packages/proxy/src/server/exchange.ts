import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestAbort } from "./request-abort";

/** One request/response pair as it moves through the proxy, with what the access log and metrics report. */
export interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly requestId: string;
  /** `performance.now()` at arrival. */
  readonly startedAt: number;
  /** Aborted when the client goes away, the stream is cut, or shutdown runs out of time: stops Akto and upstream calls. */
  readonly abort: RequestAbort;
  readonly clientIp: string | undefined;
  /** Metrics label: the API route, `passthrough`, or an operational endpoint. */
  route: string;
  /** Metrics/log label: the guardrails outcome, `passthrough`, `rejected`, `upstream_error`, ... */
  action: string;
  upstreamStatus?: number;
  /** Time spent in guard calls (all stages). */
  guardLatencyMs: number;
}
