import { isPlainObject, parseJsonSafely } from "../util/parse-json-safely";
import type { BatchItem } from "./bind-batch";

function tagPointsAtEndpoint(tag: string): boolean {
  if (tag === "") return false;
  const parsed = parseJsonSafely(tag);
  if (!parsed.success || !isPlainObject(parsed.value)) return false;
  const tags = parsed.value;
  const source = tags["source"];
  if (typeof source === "string" && source.toUpperCase() === "ENDPOINT") return true;
  return Object.keys(tags).some((key) => key === "mcp-server" || tags[key] === "mcp-server");
}

/**
 * GS `context_source.go` for batch items: the item's own value, else ENDPOINT when its tag says
 * `source: ENDPOINT` or `mcp-server`, else the batch value, else AGENTIC; upper-cased.
 */
export function resolveBatchContextSource(item: BatchItem, batchContextSource: string): string {
  if (item.contextSource !== "") return item.contextSource.toUpperCase();
  if (tagPointsAtEndpoint(item.tag)) return "ENDPOINT";
  if (batchContextSource !== "") return batchContextSource.toUpperCase();
  return "AGENTIC";
}
