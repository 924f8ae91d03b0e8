import { describe, expect, it } from "vitest";
import { streamFormatForShape } from "./stream-format-for-shape";

describe("streamFormatForShape", () => {
  it("should map every streaming shape to its stream format", () => {
    expect(streamFormatForShape("openai.chat")).toBe("openai.chat");
    expect(streamFormatForShape("openai.completions")).toBe("openai.completions");
    expect(streamFormatForShape("openai.responses")).toBe("openai.responses");
    expect(streamFormatForShape("anthropic.messages")).toBe("anthropic.messages");
  });

  it("should return undefined for shapes that never stream", () => {
    expect(streamFormatForShape("openai.embeddings")).toBeUndefined();
    expect(streamFormatForShape("unknown")).toBeUndefined();
  });
});
