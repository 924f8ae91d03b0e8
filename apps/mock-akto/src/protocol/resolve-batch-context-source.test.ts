import { describe, expect, it } from "vitest";
import type { BatchItem } from "./bind-batch";
import { bindEnvelope } from "./bind-envelope";
import { resolveBatchContextSource } from "./resolve-batch-context-source";

function item(fields: Record<string, string>): BatchItem {
  const bound = bindEnvelope(fields);
  if (!bound.success) throw new Error(bound.error);
  return { ...bound.value, parentMcpToolNames: [] };
}

describe("resolveBatchContextSource", () => {
  it("should prefer the item's own value, upper-cased", () => {
    expect(resolveBatchContextSource(item({ contextSource: "mcp" }), "AGENTIC")).toBe("MCP");
  });

  it("should resolve ENDPOINT from the tag", () => {
    expect(resolveBatchContextSource(item({ tag: '{"source":"endpoint"}' }), "AGENTIC")).toBe("ENDPOINT");
    expect(resolveBatchContextSource(item({ tag: '{"mcp-server":"true"}' }), "AGENTIC")).toBe("ENDPOINT");
  });

  it("should fall back to the batch value, then AGENTIC", () => {
    expect(resolveBatchContextSource(item({ tag: '{"gen-ai":"Gen AI"}' }), "gen_ai")).toBe("GEN_AI");
    expect(resolveBatchContextSource(item({}), "")).toBe("AGENTIC");
  });
});
