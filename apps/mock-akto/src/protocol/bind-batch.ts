import { isPlainObject } from "../util/parse-json-safely";
import { bindStruct, fieldTable, toEnvelope, type BindResult, type Envelope } from "./bind-envelope";

export interface BatchItem extends Envelope {
  parentMcpToolNames: string[];
}

export interface Batch {
  batchData: BatchItem[];
  contextSource: string;
  skipThreat: boolean;
}

const itemFields = fieldTable([
  ["path", "string"],
  ["method", "string"],
  ["requestPayload", "string"],
  ["responsePayload", "string"],
  ["requestHeaders", "string"],
  ["responseHeaders", "string"],
  ["ip", "string"],
  ["destIp", "string"],
  ["time", "string"],
  ["statusCode", "string"],
  ["type", "string"],
  ["status", "string"],
  ["akto_account_id", "string"],
  ["akto_vxlan_id", "string"],
  ["is_pending", "string"],
  ["source", "string"],
  ["direction", "string"],
  ["process_id", "string"],
  ["socket_id", "string"],
  ["daemonset_id", "string"],
  ["enabled_graph", "string"],
  ["tag", "string"],
  ["metadata", "string"],
  ["contextSource", "string"],
  ["parentMcpToolNames", "strings"],
]);

const batchFields = fieldTable([
  ["contextSource", "string"],
  ["skipThreat", "bool"],
]);

/** Binds a `/api/ingestData` body (`models.ValidationRequest`), with Go-style error messages. */
export function bindBatch(value: unknown): BindResult<Batch> {
  const top = bindStruct(value, batchFields, "models.ValidationRequest");
  if (!top.success) return top;
  let rawItems: unknown = undefined;
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) if (key.toLowerCase() === "batchdata") rawItems = value[key];
  }
  const batchData: BatchItem[] = [];
  if (rawItems !== undefined && rawItems !== null) {
    if (!Array.isArray(rawItems)) {
      return {
        success: false,
        error: `json: cannot unmarshal ${typeof rawItems === "object" ? "object" : typeof rawItems} into Go struct field ValidationRequest.batchData of type []models.IngestDataBatch`,
      };
    }
    for (const rawItem of rawItems) {
      const item = bindStruct(rawItem, itemFields, "ValidationRequest.batchData");
      if (!item.success) return item;
      const names = item.value.get("parentMcpToolNames");
      batchData.push({ ...toEnvelope(item.value), parentMcpToolNames: Array.isArray(names) ? names : [] });
    }
  }
  const contextSource = top.value.get("contextSource");
  return {
    success: true,
    value: {
      batchData,
      contextSource: typeof contextSource === "string" ? contextSource : "",
      skipThreat: top.value.get("skipThreat") === true,
    },
  };
}
