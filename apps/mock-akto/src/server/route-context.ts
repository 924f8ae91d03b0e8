import type { IncomingMessage } from "node:http";
import type { FaultState } from "../types";
import type { HttpReply } from "./http-reply";
import type { ServerState } from "./server-state";

export interface RouteContext {
  state: ServerState;
  request: IncomingMessage;
  path: string;
  /** Raw query string without `?`. */
  query: string;
  body: string;
  /** `body` as received, kept by the recording (cheaper to hold than the string). */
  bodyBytes: Buffer;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** The fault applied to this request (only latency and transport faults reach a route). */
  fault: FaultState | null;
}

export type RouteHandler = (context: RouteContext) => HttpReply;
