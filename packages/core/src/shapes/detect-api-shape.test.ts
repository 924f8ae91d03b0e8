import { describe, expect, it } from "vitest";
import { detectApiShape } from "./detect-api-shape";
import { loadFixture } from "./test-utils/load-fixture";

describe("detectApiShape", () => {
  it.each([
    ["/v1/chat/completions", "openai.chat"],
    ["/chat/completions", "openai.chat"],
    ["/openai/v1/chat/completions", "openai.chat"],
    ["/v1/chat/completions?api-version=2024-10-21", "openai.chat"],
    ["/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", "openai.chat"],
    ["https://api.openai.com/v1/chat/completions", "openai.chat"],
    ["/v1/chat/completions/", "openai.chat"],
    ["/V1/Chat/Completions", "openai.chat"],
    ["/v1/completions", "openai.completions"],
    ["/completions", "openai.completions"],
    ["/v1/responses", "openai.responses"],
    ["/openai/v1/responses?stream=true", "openai.responses"],
    ["/v1/embeddings", "openai.embeddings"],
    ["/embeddings", "openai.embeddings"],
    ["/v1/messages", "anthropic.messages"],
    ["/anthropic/v1/messages", "anthropic.messages"],
    ["/messages", "anthropic.messages"],
  ] as const)("should detect %s as %s", (path, shape) => {
    expect(detectApiShape(path, undefined)).toBe(shape);
  });

  it.each([
    "/v1/responses/resp_123",
    "/v1/responses/resp_123/input_items",
    "/v1/responses/resp_123/cancel",
    "/v1/messages/count_tokens",
    "/v1/messages/batches",
    "/v1/messages/batches/msgbatch_1/results",
    "/v1/chat/completions/chatcmpl-1",
    "/v1/chat/completions/chatcmpl-1/messages",
    "/v1/threads/thread_1/messages",
    "/v1/batches",
  ])("should not guard %s, even with a body that looks like a request", (path) => {
    expect(detectApiShape(path, { model: "claude-sonnet-4-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })).toBe("unknown");
  });

  it("should let the path win over the body", () => {
    expect(detectApiShape("/v1/chat/completions", loadFixture("anthropic-messages.request.rich.json"))).toBe("openai.chat");
  });

  describe("body fallback", () => {
    it.each([
      ["openai-chat.request.plain.json", "openai.chat"],
      ["openai-chat.request.rich.json", "openai.chat"],
      ["openai-completions.request.plain.json", "openai.completions"],
      ["openai-completions.request.rich.json", "openai.completions"],
      ["openai-responses.request.rich.json", "openai.responses"],
      ["openai-embeddings.request.plain.json", "openai.embeddings"],
      ["openai-embeddings.request.rich.json", "openai.embeddings"],
      ["anthropic-messages.request.plain.json", "anthropic.messages"],
      ["anthropic-messages.request.rich.json", "anthropic.messages"],
    ] as const)("should detect the fixture %s as %s", (fixture, shape) => {
      expect(detectApiShape(undefined, loadFixture(fixture))).toBe(shape);
      expect(detectApiShape("/proxy", loadFixture(fixture))).toBe(shape);
    });

    it("should detect anthropic from its markers", () => {
      const messages = [{ role: "user", content: "hi" }];
      expect(detectApiShape(undefined, { system: "be nice", messages })).toBe("anthropic.messages");
      expect(detectApiShape(undefined, { max_tokens: 100, messages })).toBe("anthropic.messages");
      expect(detectApiShape(undefined, { stop_sequences: ["x"], messages })).toBe("anthropic.messages");
      expect(
        detectApiShape(undefined, { messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "t", content: "x" }] }] }),
      ).toBe("anthropic.messages");
      expect(detectApiShape(undefined, { messages: [{ role: "assistant", content: [{ type: "tool_use", id: "t", name: "f", input: {} }] }] })).toBe(
        "anthropic.messages",
      );
    });

    it("should keep messages bodies with OpenAI-only fields or roles as chat", () => {
      const messages = [{ role: "user", content: "hi" }];
      expect(detectApiShape(undefined, { messages })).toBe("openai.chat");
      expect(detectApiShape(undefined, { max_tokens: 100, n: 2, messages })).toBe("openai.chat");
      expect(detectApiShape(undefined, { max_tokens: 100, model: "gpt-4o", messages })).toBe("openai.chat");
      expect(detectApiShape(undefined, { max_tokens: 100, messages: [{ role: "system", content: "x" }, ...messages] })).toBe("openai.chat");
    });

    it("should tell responses from embeddings by their markers", () => {
      expect(detectApiShape(undefined, { model: "gpt-4o", instructions: "x", input: "hi" })).toBe("openai.responses");
      expect(detectApiShape(undefined, { model: "gpt-4o", input: [{ type: "message", role: "user", content: "hi" }] })).toBe("openai.responses");
      expect(detectApiShape(undefined, { model: "gpt-4o", input: "hi", previous_response_id: "resp_1" })).toBe("openai.responses");
      expect(detectApiShape(undefined, { model: "text-embedding-3-small", input: "hi" })).toBe("openai.embeddings");
      expect(detectApiShape(undefined, { model: "my-model", input: ["a", "b"], encoding_format: "base64" })).toBe("openai.embeddings");
      expect(detectApiShape(undefined, { model: "my-model", input: "hi", dimensions: 64 })).toBe("openai.embeddings");
      expect(detectApiShape(undefined, { model: "my-model", input: "hi" })).toBe("unknown");
    });

    it("should detect completions from a prompt", () => {
      expect(detectApiShape(undefined, { prompt: ["a", "b"] })).toBe("openai.completions");
      expect(detectApiShape(undefined, { prompt: { id: "pmpt_1" } })).toBe("openai.responses");
    });

    it("should answer unknown for bodies it cannot identify", () => {
      for (const body of [undefined, null, "text", 1, [], {}, { model: "x" }, JSON.parse('{"__proto__":{"messages":[]}}')]) {
        expect(detectApiShape(undefined, body)).toBe("unknown");
      }
      expect(detectApiShape("", {})).toBe("unknown");
      expect(detectApiShape("/", { foo: 1 })).toBe("unknown");
    });
  });
});
