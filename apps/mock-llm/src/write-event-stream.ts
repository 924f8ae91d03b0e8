import type { RequestContext } from './request-context';
import { waitForDelay } from './wait-for-delay';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/**
 * Writes an SSE response made of `groups` (each one or more complete events). With
 * `chunkIntervalMs > 0` it waits that long between groups and stops when the client aborts;
 * with 0 the whole stream goes out in one write, which keeps benchmarks cheap.
 */
export async function writeEventStream(context: RequestContext, groups: string[]): Promise<void> {
  const { response, record, signal, chunkIntervalMs } = context;
  if (response.headersSent || response.destroyed) return;
  record.status = 200;
  response.writeHead(200, { ...SSE_HEADERS, 'x-request-id': record.id });
  if (chunkIntervalMs <= 0) {
    response.end(groups.join(''));
    return;
  }
  for (let index = 0; index < groups.length; index += 1) {
    if (index > 0 && !(await waitForDelay(chunkIntervalMs, signal))) return;
    response.write(groups[index]);
  }
  response.end();
}

/** One SSE event; `event` adds an `event:` line (Responses and Anthropic streams use it). */
export function formatEvent(data: unknown, event?: string): string {
  const json = typeof data === 'string' ? data : JSON.stringify(data);
  return event === undefined ? `data: ${json}\n\n` : `event: ${event}\ndata: ${json}\n\n`;
}
