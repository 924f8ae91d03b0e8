import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueuedReply } from './reply-plan';
import type { RecordedRequest } from './types';

/** Everything a route handler needs for one request. */
export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  record: RecordedRequest;
  /** Parsed JSON body; an empty object for bodiless requests. */
  body: Record<string, unknown>;
  chunkSize: number;
  chunkIntervalMs: number;
  /** Aborted when the client goes away before the response is finished. */
  signal: AbortSignal;
  createId(prefix: string): string;
  /** Next scripted reply, consumed by generation routes only. */
  takeScriptedReply(): QueuedReply | undefined;
}

export type RouteHandler = (context: RequestContext) => void | Promise<void>;
