import { describe, expect, it } from "vitest";
import { extractRequestTexts } from "./extract-request-texts";
import { getAtPath } from "./json-path";
import { loadFixture } from "./test-utils/load-fixture";
import { summarise } from "./test-utils/summarise";

describe("extractRequestTexts", () => {
  describe("openai.chat", () => {
    it("should extract the user message of a plain request", () => {
      const extraction = extractRequestTexts("openai.chat", loadFixture("openai-chat.request.plain.json"));
      expect(extraction.shape).toBe("openai.chat");
      expect(extraction.stage).toBe("input");
      expect(extraction.segments).toEqual([
        {
          path: ["messages", 0, "content"],
          role: "user",
          kind: "text",
          text: "Write a haiku about the sea. My email is jane@example.com.",
        },
      ]);
      expect(extraction.unscanned).toEqual([]);
    });

    it("should extract every text of a rich request in document order and report media as unscanned", () => {
      const extraction = extractRequestTexts("openai.chat", loadFixture("openai-chat.request.rich.json"));
      expect(summarise(extraction)).toEqual({
        segments: [
          "messages[0].content | system | text | You are a support agent for Acme.",
          "messages[1].content[0].text | developer | text | Never reveal internal ticket ids.",
          "messages[2].content[0].text | user | text | Here is a photo of the damaged item.",
          "messages[2].content[4].text | user | text | My email is jane@example.com.",
          'messages[3].tool_calls[0].function.arguments | assistant | tool_call_arguments | {"email":"jane@example.com"}',
          "messages[4].content | tool | tool_result | Customer Jane Doe, phone 555-0100",
          "messages[5].content[0].text | assistant | text | I found your account.",
          "messages[5].content[1].refusal | assistant | refusal | I cannot share the phone number.",
          "messages[5].refusal | assistant | refusal | I cannot help with that part.",
          'messages[6].function_call.arguments | assistant | tool_call_arguments | {"id":7}',
          "messages[7].content | tool | tool_result | legacy result",
          "messages[8].content | user | text | Thanks!",
        ],
        unscanned: [
          "messages[2].content[1] | image content is not scanned",
          "messages[2].content[2] | audio content is not scanned",
          "messages[2].content[3] | file content is not scanned",
        ],
      });
    });

    it("should point every segment path at its text in the body", () => {
      const body = loadFixture("openai-chat.request.rich.json");
      for (const segment of extractRequestTexts("openai.chat", body).segments) {
        expect(getAtPath(body, segment.path)).toBe(segment.text);
      }
    });

    it("should extract custom tool call input", () => {
      const extraction = extractRequestTexts("openai.chat", {
        messages: [{ role: "assistant", tool_calls: [{ id: "c", type: "custom", custom: { name: "sql", input: "SELECT 1" } }] }],
      });
      expect(summarise(extraction).segments).toEqual(["messages[0].tool_calls[0].custom.input | assistant | tool_call_arguments | SELECT 1"]);
    });

    it("should report wrong field types instead of treating them as clean", () => {
      expect(summarise(extractRequestTexts("openai.chat", { messages: "hello" })).unscanned).toEqual(["messages | messages is not an array"]);
      expect(summarise(extractRequestTexts("openai.chat", { model: "gpt-4o" })).unscanned).toEqual([" | messages is missing"]);
      const extraction = extractRequestTexts("openai.chat", {
        messages: [
          42,
          { role: "user", content: 7 },
          { role: "user", content: [{ type: "video", url: "x" }, "plain string part", null] },
          { role: "assistant", tool_calls: "nope" },
          { role: "assistant", tool_calls: [{ type: "function", function: { name: "f", arguments: { a: 1 } } }] },
        ],
      });
      expect(summarise(extraction)).toEqual({
        segments: ["messages[2].content[1] | user | text | plain string part"],
        unscanned: [
          "messages[0] | message is not an object",
          "messages[1].content | content is not a string or an array",
          'messages[2].content[0] | unrecognised content part type "video"',
          "messages[2].content[2] | content part is not an object",
          "messages[3].tool_calls | tool_calls is not an array",
          "messages[4].tool_calls[0].function | function call has no string arguments",
        ],
      });
    });

    it("should scan messages with an unknown role as user text", () => {
      const extraction = extractRequestTexts("openai.chat", { messages: [{ role: "narrator", content: "once upon a time" }, { content: "no role" }] });
      expect(extraction.segments.map((segment) => segment.role)).toEqual(["user", "user"]);
    });
  });

  describe("openai.completions", () => {
    it("should extract a plain prompt", () => {
      const extraction = extractRequestTexts("openai.completions", loadFixture("openai-completions.request.plain.json"));
      expect(extraction.segments).toEqual([{ path: ["prompt"], role: "prompt", kind: "text", text: "Say this is a test" }]);
      expect(extraction.unscanned).toEqual([]);
    });

    it("should extract prompt arrays and the suffix, leaving token arrays unscanned", () => {
      const extraction = extractRequestTexts("openai.completions", loadFixture("openai-completions.request.rich.json"));
      expect(summarise(extraction)).toEqual({
        segments: [
          "prompt[0] | prompt | text | First prompt",
          "prompt[2] | prompt | text | Second prompt with SSN 123-45-6789",
          "suffix | prompt | text | End of document.",
        ],
        unscanned: ["prompt[1] | token arrays are not scanned"],
      });
    });

    it("should leave a single token array unscanned", () => {
      expect(summarise(extractRequestTexts("openai.completions", { prompt: [1, 2, 3] }))).toEqual({
        segments: [],
        unscanned: ["prompt | token arrays are not scanned"],
      });
    });
  });

  describe("openai.embeddings", () => {
    it("should extract a string input", () => {
      const extraction = extractRequestTexts("openai.embeddings", loadFixture("openai-embeddings.request.plain.json"));
      expect(summarise(extraction)).toEqual({ segments: ["input | input | text | The food was delicious and the waiter..."], unscanned: [] });
    });

    it("should extract array inputs and leave token arrays unscanned", () => {
      const extraction = extractRequestTexts("openai.embeddings", loadFixture("openai-embeddings.request.rich.json"));
      expect(summarise(extraction)).toEqual({
        segments: ["input[0] | input | text | first text", "input[1] | input | text | second text with jane@example.com"],
        unscanned: ["input[2] | token arrays are not scanned"],
      });
    });
  });

  describe("openai.responses", () => {
    it("should extract a string input as user text", () => {
      const extraction = extractRequestTexts("openai.responses", loadFixture("openai-responses.request.plain.json"));
      expect(extraction.segments).toEqual([
        { path: ["input"], role: "user", kind: "text", text: "Tell me a three sentence bedtime story about a unicorn." },
      ]);
      expect(extraction.unscanned).toEqual([]);
    });

    it("should extract instructions and every item type of a rich request", () => {
      const extraction = extractRequestTexts("openai.responses", loadFixture("openai-responses.request.rich.json"));
      expect(summarise(extraction)).toEqual({
        segments: [
          "instructions | instructions | text | You are a travel assistant.",
          "input[0].content | developer | text | Answer in English.",
          "input[1].content[0].text | user | text | What's the weather in Paris? I'm John, +1 555 0100.",
          "input[2].summary[0].text | assistant | reasoning | The user wants the weather in Paris.",
          'input[3].arguments | assistant | tool_call_arguments | {"city":"Paris"}',
          "input[4].output | tool | tool_result | 18°C and sunny",
          "input[5].output[0].text | tool | tool_result | humidity 40%",
          "input[6].content[0].text | assistant | text | It is sunny in Paris.",
          "input[6].content[1].refusal | assistant | refusal | I won't book flights.",
          "input[7].input | assistant | tool_call_arguments | print('hi')",
          "input[8].output | tool | tool_result | hi",
          "input[11].content | user | text | And tomorrow?",
        ],
        unscanned: [
          "input[1].content[1] | image content is not scanned",
          "input[1].content[2] | file content is not scanned",
          "input[5].output[1] | image content is not scanned",
          'input[10] | unsupported item type "computer_call"',
        ],
      });
    });

    it("should extract prompt template variables", () => {
      const extraction = extractRequestTexts("openai.responses", {
        prompt: { id: "pmpt_1", variables: { customer: "Jane", order: { type: "input_text", text: "#42" }, photo: { type: "input_image", file_id: "f" } } },
      });
      expect(summarise(extraction)).toEqual({
        segments: ["prompt.variables.customer | user | text | Jane", "prompt.variables.order.text | user | text | #42"],
        unscanned: ["prompt.variables.photo | prompt variable is not text"],
      });
    });
  });

  describe("anthropic.messages", () => {
    it("should extract a plain request", () => {
      const extraction = extractRequestTexts("anthropic.messages", loadFixture("anthropic-messages.request.plain.json"));
      expect(extraction.segments).toEqual([
        { path: ["messages", 0, "content"], role: "user", kind: "text", text: "Hello, Claude. My SSN is 123-45-6789." },
      ]);
      expect(extraction.unscanned).toEqual([]);
    });

    it("should extract system, documents, thinking, tool use and tool results of a rich request", () => {
      const extraction = extractRequestTexts("anthropic.messages", loadFixture("anthropic-messages.request.rich.json"));
      expect(summarise(extraction)).toEqual({
        segments: [
          "system[0].text | system | text | You are a careful analyst.",
          "messages[0].content[0].text | user | text | Summarise this report and check the price of ACME.",
          "messages[0].content[2].source.data | user | text | Q3 revenue was $4M. Contact: cfo@acme.com",
          "messages[1].content[0].thinking | assistant | reasoning | I should look up the ticker.",
          "messages[1].content[2].text | assistant | text | Let me check.",
          'messages[1].content[3].input | assistant | tool_use_input | json | {"ticker":"ACME","note":"for cfo@acme.com"}',
          "messages[2].content[0].content | tool | tool_result | ACME: $12.34",
          "messages[2].content[1].content[0].text | tool | tool_result | secondary result",
          "messages[2].content[2].text | user | text | Thanks, what next?",
          "messages[3].content | assistant | text | You could diversify.",
        ],
        unscanned: [
          "messages[0].content[1] | image content is not scanned",
          'messages[0].content[3] | document with source type "base64" is not scanned',
          "messages[1].content[1] | redacted thinking is encrypted and not scanned",
          "messages[2].content[1].content[1] | image content is not scanned",
        ],
      });
    });

    it("should extract a string system prompt and content-sourced documents", () => {
      const extraction = extractRequestTexts("anthropic.messages", {
        system: "Be brief.",
        messages: [{ role: "user", content: [{ type: "document", source: { type: "content", content: [{ type: "text", text: "chunk one" }] } }] }],
      });
      expect(summarise(extraction).segments).toEqual([
        "system | system | text | Be brief.",
        "messages[0].content[0].source.content[0].text | user | text | chunk one",
      ]);
    });
  });

  describe("unknown shapes and bodies", () => {
    it("should report an unrecognised shape as unscanned", () => {
      expect(extractRequestTexts("unknown", { messages: [{ role: "user", content: "hi" }] })).toEqual({
        shape: "unknown",
        stage: "input",
        segments: [],
        unscanned: [{ path: [], reason: "unrecognised API shape" }],
      });
    });

    it("should report a body that is not an object as unscanned", () => {
      for (const body of [null, "text", 42, [1, 2], undefined]) {
        expect(extractRequestTexts("openai.chat", body).unscanned).toEqual([{ path: [], reason: "body is not a JSON object" }]);
      }
    });

    it("should not read inherited or __proto__ members as fields", () => {
      const body = JSON.parse('{"__proto__":{"messages":[{"role":"user","content":"hidden"}]}}') as unknown;
      expect(summarise(extractRequestTexts("openai.chat", body))).toEqual({ segments: [], unscanned: [" | messages is missing"] });
    });

    it("should not throw when a getter throws", () => {
      const body = {
        get messages(): unknown {
          throw new Error("boom");
        },
      };
      expect(extractRequestTexts("openai.chat", body).unscanned).toEqual([{ path: [], reason: "extraction failed: boom" }]);
    });
  });
});
