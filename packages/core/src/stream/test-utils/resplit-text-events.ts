import { getStreamFormatHandler } from "../formats/get-stream-format-handler";
import type { SseEvent, StreamFormat } from "../types";

/**
 * Re-chunks a stream: each pure text event (one text delta, nothing else) may be cut into several
 * events at the positions `cutsFor` returns. Responses sequence numbers are renumbered so the
 * input stays a valid stream.
 */
export function resplitTextEvents(
  events: ReadonlyArray<SseEvent>,
  format: StreamFormat,
  cutsFor: (index: number, length: number) => number[],
): SseEvent[] {
  const handler = getStreamFormatHandler(format);
  if (handler === undefined) throw new Error(`no handler for ${format}`);
  const out: SseEvent[] = [];
  events.forEach((event, index) => {
    const description = handler.describe(event);
    const [slot] = description.slots;
    if (description.payload === undefined || description.slots.length !== 1 || slot === undefined || description.scopes.length > 0) {
      out.push(event);
      return;
    }
    const cuts = [...new Set(cutsFor(index, slot.text.length))]
      .filter((cut) => cut > 0 && cut < slot.text.length)
      .sort((first, second) => first - second);
    let start = 0;
    for (const end of [...cuts, slot.text.length]) {
      const payload = handler.rewrite(description.payload, [{ path: slot.path, text: slot.text.slice(start, end) }], {
        keepOpening: true,
        keepClosing: true,
      });
      out.push({ ...event, data: JSON.stringify(payload) });
      start = end;
    }
  });
  if (format !== "openai.responses") return out;
  let sequence = 0;
  return out.map((event) => {
    const payload = handler.describe(event).payload;
    if (payload === undefined || typeof payload.sequence_number !== "number") return event;
    return { ...event, data: JSON.stringify({ ...payload, sequence_number: sequence++ }) };
  });
}
