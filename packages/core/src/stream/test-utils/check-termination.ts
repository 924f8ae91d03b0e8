import type { SseEvent, StreamFormat } from "../types";

function fail(message: string): never {
  throw new Error(message);
}

function parse(event: SseEvent): Record<string, unknown> {
  try {
    return JSON.parse(event.data) as Record<string, unknown>;
  } catch {
    return fail(`termination event is not JSON: ${event.data}`);
  }
}

/** Checks that `released.slice(start)` is the spec-valid termination of `format` after what was released before it. */
export function checkTermination(format: StreamFormat, released: ReadonlyArray<SseEvent>, start: number): void {
  const before = released.slice(0, start);
  const termination = released.slice(start);
  if (format === "openai.chat" || format === "openai.completions") {
    const last = termination[termination.length - 1];
    if (last?.data !== "[DONE]") fail("termination must end with [DONE]");
    const object = format === "openai.chat" ? "chat.completion.chunk" : "text_completion";
    for (const event of termination.slice(0, -1)) {
      const chunk = parse(event);
      const choices = chunk.choices as Array<Record<string, unknown>>;
      if (chunk.object !== object || choices.length !== 1 || choices[0]?.finish_reason !== "content_filter") {
        fail(`bad termination chunk ${event.data}`);
      }
    }
    return;
  }
  if (format === "openai.responses") {
    const [event, ...rest] = termination;
    if (event === undefined || rest.length > 0 || event.event !== "response.incomplete") fail("termination must be one response.incomplete");
    const data = parse(event);
    const response = data.response as Record<string, unknown>;
    if (data.type !== "response.incomplete" || response.status !== "incomplete") fail(`bad response.incomplete ${event.data}`);
    if ((response.incomplete_details as Record<string, unknown>).reason !== "content_filter") fail("reason must be content_filter");
    return;
  }
  const open = new Set<number>();
  for (const event of before) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(event.data) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (data.type === "content_block_start") open.add(data.index as number);
    if (data.type === "content_block_stop") open.delete(data.index as number);
  }
  const stops = termination.slice(0, -2).map((event) => parse(event));
  const closed = stops.map((stop) => (stop.type === "content_block_stop" ? stop.index : fail(`unexpected ${JSON.stringify(stop)}`)));
  if (JSON.stringify(closed) !== JSON.stringify([...open].sort())) fail(`closed ${JSON.stringify(closed)} but open ${JSON.stringify([...open])}`);
  const [messageDelta, messageStop] = termination.slice(-2).map((event) => parse(event));
  const delta = messageDelta?.delta as Record<string, unknown> | undefined;
  if (messageDelta?.type !== "message_delta" || delta?.stop_reason !== "refusal") fail("missing message_delta with stop_reason refusal");
  if (typeof (messageDelta.usage as Record<string, unknown>).output_tokens !== "number") fail("message_delta needs usage.output_tokens");
  if (messageStop?.type !== "message_stop") fail("termination must end with message_stop");
}
