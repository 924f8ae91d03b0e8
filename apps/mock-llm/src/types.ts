/**
 * Streaming knobs that can be changed at runtime (start options, `/__admin/options`,
 * `setOptions`) or per request (`x-mock-chunk-size`, `x-mock-chunk-interval-ms`).
 */
export interface MockLlmRuntimeOptions {
  /** Characters per streamed text or tool-argument delta. Integer >= 1. Default 8. */
  chunkSize: number;
  /** Milliseconds between streamed chunks. 0 writes the whole stream at once. Default 0. */
  chunkIntervalMs: number;
}

/** Options of {@link startMockLlm}. */
export interface MockLlmOptions extends Partial<MockLlmRuntimeOptions> {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port to bind; 0 picks a free port. Default 0. */
  port?: number;
  /** How many requests the recorder keeps (oldest dropped first). Default 10,000. */
  maxRecordedRequests?: number;
  /** Largest accepted request body in bytes; bigger bodies get a 413. Default 32 MiB. */
  maxBodyBytes?: number;
}

/** A tool call the mock should answer with. */
export interface ScriptedToolCall {
  /** Function name, e.g. `get_weather`. */
  name: string;
  /** Arguments as a JSON object, or as a string holding a JSON object. Default `{}`. */
  arguments?: string | Record<string, unknown>;
}

/**
 * One queued reply, consumed by the next generation request (chat, completions, responses,
 * messages). Fields left out fall back to the markers in the prompt, then to the echo reply.
 */
export interface ScriptedReply {
  /** Reply text. */
  text?: string;
  /** Reply with a tool call (alongside `text` when both are given). */
  toolCall?: ScriptedToolCall;
  /** Answer with this HTTP status (400-599) and an API-shaped error body. */
  status?: number;
  /** Wait this long before answering (cancelled when the client disconnects). */
  delayMs?: number;
}

/** One request as the mock received it. */
export interface RecordedRequest {
  /** Unique id, also sent back in the `x-request-id` response header. */
  id: string;
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Request target as received, query string included. */
  url: string;
  /** Header names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Header names and values exactly as received, alternating. */
  rawHeaders: string[];
  /** Raw body text. */
  body: string;
  /** Parsed body, or `undefined` when the body is empty or not valid JSON. */
  json: unknown;
  /** Epoch milliseconds when the request body was fully received. */
  receivedAt: number;
  /** HTTP status the mock answered with, `null` while no response was started. */
  status: number | null;
  /** The response was fully written. */
  completed: boolean;
  /** The client went away before the response was fully written. */
  aborted: boolean;
}

/** In-process control of a running mock. */
export interface MockLlmAdmin {
  /** Snapshot of the recorded requests, oldest first. */
  requests(): RecordedRequest[];
  /** Forget recorded requests. */
  clear(): void;
  /** Change streaming options; throws `MockLlmError` (`MOCK_LLM_INVALID_OPTIONS`) on bad values. */
  setOptions(options: Partial<MockLlmRuntimeOptions>): MockLlmRuntimeOptions;
  /** Current streaming options. */
  options(): MockLlmRuntimeOptions;
  /** Queue replies; throws `MockLlmError` (`MOCK_LLM_INVALID_SCRIPT`) on bad replies. */
  script(replies: ScriptedReply[]): void;
  /** Drop queued replies that were not consumed yet. */
  clearScript(): void;
  /** Resolves once at least `count` requests were recorded since the last `clear()`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Resolves with the first recorded request whose client aborted (already or in future). */
  waitForAbort(timeoutMs?: number): Promise<RecordedRequest>;
}

/** A running mock LLM. */
export interface MockLlm {
  /** Origin, e.g. `http://127.0.0.1:53123`. openai: `baseURL: url + '/v1'`; anthropic: `baseURL: url`. */
  url: string;
  port: number;
  admin: MockLlmAdmin;
  /** Stops listening and destroys open connections (hung requests included). */
  close(): Promise<void>;
}
