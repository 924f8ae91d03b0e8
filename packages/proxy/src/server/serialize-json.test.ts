import { describe, expect, it } from "vitest";
import { serializeJson } from "./serialize-json";

describe("serializeJson", () => {
  it("should serialize a value as UTF-8 JSON", () => {
    expect(serializeJson({ text: "héllo", n: [1, null] })?.toString("utf8")).toBe('{"text":"héllo","n":[1,null]}');
  });

  it("should return undefined for a value nested too deeply for JSON.stringify, instead of throwing", () => {
    let deep: unknown = "leaf";
    for (let depth = 0; depth < 100_000; depth += 1) deep = [deep];
    expect(JSON.parse(`${"[".repeat(100_000)}1${"]".repeat(100_000)}`)).toBeDefined();
    expect(serializeJson({ messages: [], tools: deep })).toBeUndefined();
  });
});
