export interface SseEvent {
  event: string | null;
  data: string;
}

/** Splits an SSE body into events (test helper; handles only what the mock writes). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    let event: string | null = null;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    }
    events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** The JSON payloads of an SSE body, `[DONE]` excluded. */
export function parseSseJson(text: string): Array<Record<string, unknown>> {
  return parseSse(text)
    .filter((event) => event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data) as Record<string, unknown>);
}
