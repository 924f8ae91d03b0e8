import type { JsonValue } from "../../util/json";
import { asArray, asObject, ownValue } from "./json-access";
import type { JsonObject, ReleasedTextSource } from "./stream-format-handler";
import { withReleasedText } from "./with-released-text";

function rewriteList(
  list: JsonValue[],
  rewrite: (entry: JsonObject, position: number) => JsonObject,
): JsonValue[] | undefined {
  let changed = false;
  const next = list.map((value, position) => {
    const entry = asObject(value);
    if (entry === undefined) return value;
    const rewritten = rewrite(entry, position);
    changed ||= rewritten !== entry;
    return rewritten;
  });
  return changed ? next : undefined;
}

/**
 * A Responses output item (`message`, `function_call`, `reasoning`) with every text the stream
 * carried as deltas replaced by the text actually released for it; the same object when nothing differs.
 */
export function rewriteResponseOutputItem(item: JsonObject, outputIndex: number, source: ReleasedTextSource): JsonObject {
  const type = ownValue(item, "type");
  if (type === "function_call") return withReleasedText(item, "arguments", `o${outputIndex}.a`, source);
  const listField = type === "message" ? "content" : type === "reasoning" ? "summary" : undefined;
  const list = listField === undefined ? undefined : asArray(ownValue(item, listField));
  if (listField === undefined || list === undefined) return item;
  const next = rewriteList(list, (entry, position) => {
    if (listField === "summary") return withReleasedText(entry, "text", `o${outputIndex}.s${position}`, source);
    const field = ownValue(entry, "type") === "refusal" ? "refusal" : "text";
    return withReleasedText(entry, field, `o${outputIndex}.c${position}`, source);
  });
  return next === undefined ? item : { ...item, [listField]: next };
}
