import { GLOBAL_SCOPE } from "../scopes";
import type { EventDescription, JsonObject } from "./stream-format-handler";

const GLOBAL_SCOPES: ReadonlyArray<string> = Object.freeze([GLOBAL_SCOPE]);
const NONE: ReadonlyArray<never> = Object.freeze([]);

/**
 * An event without text that keeps its place in the whole stream: malformed data, stream-level
 * events (`message_start`, `response.created`, a usage chunk) and end markers. `completesAll`
 * (default: `endMarker`) marks every key complete, as a final `message_delta` does. `keepPayload`: see
 * {@link EventDescription.keepPayload}.
 */
export function globalDescription(
  payload: JsonObject | undefined,
  type: string | undefined,
  endMarker = false,
  completesAll = endMarker,
  keepPayload = false,
): EventDescription {
  return {
    payload,
    type,
    slots: NONE,
    scopes: GLOBAL_SCOPES,
    completes: completesAll ? GLOBAL_SCOPES : NONE,
    endMarker,
    keepPayload,
  };
}
