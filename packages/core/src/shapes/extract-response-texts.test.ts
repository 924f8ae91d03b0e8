import { describe, expect, it } from "vitest";
import { extractResponseTexts } from "./extract-response-texts";
import { getAtPath } from "./json-path";
import { loadFixture } from "./test-utils/load-fixture";
import { summarise } from "./test-utils/summarise";

describe("extractResponseTexts", () => {
  it("should extract chat choices: content, tool call arguments and refusals", () => {
    const extraction = extractResponseTexts("openai.chat", loadFixture("openai-chat.response.json"));
    expect(extraction.stage).toBe("output");
    expect(summarise(extraction)).toEqual({
      segments: [
        "choices[0].message.content | assistant | text | Your order ships to 12 Main St.",
        'choices[1].message.tool_calls[0].function.arguments | assistant | tool_call_arguments | {"to":"jane@example.com"}',
        "choices[2].message.refusal | assistant | refusal | I can't help with that.",
      ],
      unscanned: [],
    });
  });

  it("should extract legacy function_call arguments and report audio output", () => {
    const extraction = extractResponseTexts("openai.chat", {
      choices: [
        { message: { role: "assistant", content: null, function_call: { name: "f", arguments: "{}" } } },
        { message: { role: "assistant", content: null, audio: { id: "a", data: "UklG", transcript: "hello" } } },
        { finish_reason: "stop" },
      ],
    });
    expect(summarise(extraction)).toEqual({
      segments: ["choices[0].message.function_call.arguments | assistant | tool_call_arguments | {}"],
      unscanned: ["choices[1].message.audio | audio output is not scanned", "choices[2] | choice has no message"],
    });
  });

  it("should extract completions choices", () => {
    const extraction = extractResponseTexts("openai.completions", loadFixture("openai-completions.response.json"));
    expect(summarise(extraction)).toEqual({
      segments: ["choices[0].text | output | text | \n\nThis is indeed a test", "choices[1].text | output | text | Call me at 555-0100"],
      unscanned: [],
    });
  });

  it("should extract responses output items", () => {
    const extraction = extractResponseTexts("openai.responses", loadFixture("openai-responses.response.json"));
    expect(summarise(extraction)).toEqual({
      segments: [
        "output[0].summary[0].text | assistant | reasoning | Need to call the weather tool.",
        'output[1].arguments | assistant | tool_call_arguments | {"city":"Lyon"}',
        "output[2].content[0].text | assistant | text | In a peaceful grove beneath a silver moon...",
        "output[2].content[1].refusal | assistant | refusal | I can't share that.",
      ],
      unscanned: [],
    });
  });

  it("should report unsupported responses output items", () => {
    const extraction = extractResponseTexts("openai.responses", {
      output: [{ type: "image_generation_call", result: "iVBOR" }, { type: "web_search_call", status: "completed" }],
    });
    expect(summarise(extraction).unscanned).toEqual([
      'output[0] | unsupported item type "image_generation_call"',
      'output[1] | unsupported item type "web_search_call"',
    ]);
  });

  it("should extract anthropic content blocks, tool_use input as JSON", () => {
    const body = loadFixture("anthropic-messages.response.json");
    const extraction = extractResponseTexts("anthropic.messages", body);
    expect(summarise(extraction)).toEqual({
      segments: [
        "content[0].thinking | assistant | reasoning | The user wants the price.",
        "content[1].text | assistant | text | I'll look that up for jane@example.com.",
        'content[2].input | assistant | tool_use_input | json | {"ticker":"ACME"}',
      ],
      unscanned: [],
    });
    expect(getAtPath(body, ["content", 2, "input"])).toEqual({ ticker: "ACME" });
  });

  it("should extract nothing from an embeddings response and leave nothing unscanned", () => {
    const extraction = extractResponseTexts("openai.embeddings", loadFixture("openai-embeddings.response.json"));
    expect(extraction).toEqual({ shape: "openai.embeddings", stage: "output", segments: [], unscanned: [] });
  });

  it("should report missing or malformed response containers", () => {
    expect(summarise(extractResponseTexts("openai.chat", { error: { message: "x" } })).unscanned).toEqual([" | choices is missing"]);
    expect(summarise(extractResponseTexts("openai.completions", { choices: {} })).unscanned).toEqual(["choices | choices is not an array"]);
    expect(summarise(extractResponseTexts("openai.responses", { output: "x" })).unscanned).toEqual(["output | output is not an array"]);
    expect(summarise(extractResponseTexts("anthropic.messages", { type: "error" })).unscanned).toEqual([" | content is missing"]);
    expect(summarise(extractResponseTexts("unknown", {})).unscanned).toEqual([" | unrecognised API shape"]);
  });
});
