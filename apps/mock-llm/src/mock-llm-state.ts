import type { QueuedReply } from './reply-plan';
import type { RequestRecorder } from './request-recorder';
import type { MockLlmRuntimeOptions } from './types';

/** Mutable state of one running mock, shared by the HTTP handler and the in-process admin. */
export interface MockLlmState {
  options: MockLlmRuntimeOptions;
  scriptQueue: QueuedReply[];
  recorder: RequestRecorder;
  createId(prefix: string): string;
  maxBodyBytes: number;
  /** Set by `close()`: connections dropped from then on are not client aborts. */
  closing: boolean;
}
