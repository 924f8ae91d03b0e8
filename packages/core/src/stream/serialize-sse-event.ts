import type { SseEvent } from "./types";

const LINE_BREAKS = /\r\n|\r|\n/;
const LINE_BREAK_CHARACTERS = /[\r\n]/g;

/**
 * Serializes an event as `event: x\nid: y\nretry: n\ndata: ...\n\n`. Multi-line data becomes one
 * `data:` line per line; line breaks in `event`/`id` (which could inject fields) are removed.
 */
export function serializeSseEvent(event: SseEvent): string {
  let out = "";
  if (event.event !== undefined && event.event !== "") out += `event: ${event.event.replace(LINE_BREAK_CHARACTERS, "")}\n`;
  if (event.id !== undefined) out += `id: ${event.id.replace(LINE_BREAK_CHARACTERS, "")}\n`;
  if (event.retry !== undefined && Number.isSafeInteger(event.retry) && event.retry >= 0) out += `retry: ${event.retry}\n`;
  const data = event.data;
  if (data.indexOf("\n") === -1 && data.indexOf("\r") === -1) return `${out}data: ${data}\n\n`;
  for (const line of data.split(LINE_BREAKS)) out += `data: ${line}\n`;
  return `${out}\n`;
}
