import type { SseEvent } from "../types";

type Chunk = { choices?: Array<{ index: number; delta?: Record<string, any> }> } & Record<string, unknown>;

function parse(event: SseEvent): Chunk | undefined {
  try {
    return JSON.parse(event.data) as Chunk;
  } catch {
    return undefined;
  }
}

/**
 * Rewrites a chat stream the way some OpenAI-compatible servers send it: the role arrives with the
 * first content token, and a tool call's id and name with its first argument characters.
 */
export function mergeOpeningChunks(events: ReadonlyArray<SseEvent>): SseEvent[] {
  const out: SseEvent[] = [];
  const pending = new Map<string, Record<string, any>>();
  for (const event of events) {
    const chunk = parse(event);
    const choice = chunk?.choices?.length === 1 ? chunk.choices[0] : undefined;
    const delta = choice?.delta;
    if (chunk === undefined || choice === undefined || delta === undefined) {
      out.push(event);
      continue;
    }
    const toolCall = Array.isArray(delta.tool_calls) && delta.tool_calls.length === 1 ? delta.tool_calls[0] : undefined;
    if (delta.role !== undefined && delta.content === "" && toolCall === undefined) {
      pending.set(`c${choice.index}`, { role: delta.role });
      continue;
    }
    if (toolCall?.id !== undefined && toolCall.function?.arguments === "") {
      pending.set(`c${choice.index}.t${toolCall.index}`, toolCall);
      continue;
    }
    let merged = delta;
    const role = pending.get(`c${choice.index}`);
    if (role !== undefined && typeof delta.content === "string") {
      merged = { ...role, ...merged };
      pending.delete(`c${choice.index}`);
    }
    const opening = toolCall === undefined ? undefined : pending.get(`c${choice.index}.t${toolCall.index}`);
    if (opening !== undefined && toolCall !== undefined) {
      const call = { ...opening, function: { ...opening.function, arguments: toolCall.function?.arguments ?? "" } };
      merged = { ...merged, tool_calls: [call] };
      pending.delete(`c${choice.index}.t${toolCall.index}`);
    }
    out.push(merged === delta ? event : { ...event, data: JSON.stringify({ ...chunk, choices: [{ ...choice, delta: merged }] }) });
  }
  return out;
}
