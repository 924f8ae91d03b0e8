import { describe, expect, it } from "vitest";
import { mergeConfig } from "./merge-config";

describe("mergeConfig", () => {
  it("should merge objects key by key and replace everything else", () => {
    expect(mergeConfig({ a: { b: 1, c: [1, 2] }, d: "x" }, { a: { c: [3] }, d: { e: 1 } }, { a: { b: undefined } })).toEqual({ a: { b: 1, c: [3] }, d: { e: 1 } });
  });

  it("should never let __proto__ reach a prototype", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "server": {"__proto__": {"polluted": true}}}') as Record<string, unknown>;
    const merged = mergeConfig({ server: { port: 1 } }, hostile);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect((merged["server"] as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.keys(merged)).toEqual(["server"]);
  });
});
