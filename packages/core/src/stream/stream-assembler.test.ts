import { describe, expect, it } from "vitest";
import { GuardrailError } from "../errors/guardrail-error";
import { createStreamAssembler } from "./stream-assembler";
import { fixtureEvents } from "./test-utils/fixtures";
import type { StreamFormat } from "./types";

function assemble(name: string, format: StreamFormat): Array<{ key: string; text: string }> {
  const assembler = createStreamAssembler(format);
  for (const event of fixtureEvents(name)) assembler.push(event);
  return assembler.parts();
}

describe("createStreamAssembler", () => {
  it("should assemble chat content per choice", () => {
    const parts = assemble("openai-chat-plain.sse", "openai.chat");
    expect(parts.map((part) => part.key)).toEqual(["c0"]);
    expect(parts[0]?.text).toMatch(/^Sure! You can reach our billing team at jane\.doe@example\.com or call/);
    expect(parts[0]?.text).toMatch(/café on the ground floor also takes walk-ins 😊\. Anything else I can help with\?$/);
  });

  it("should keep n=2 choices apart in first-seen order", () => {
    expect(assemble("openai-chat-n2.sse", "openai.chat")).toEqual([
      { key: "c0", text: "Our support inbox is help@acme-corp.io and the on-call phone is 555-0199." },
      { key: "c1", text: "Write to help@acme-corp.io; for urgent issues call 555-0199 any time, day or night." },
    ]);
  });

  it("should assemble tool call arguments under c<i>.t<j>", () => {
    const parts = assemble("openai-chat-tool-calls.sse", "openai.chat");
    expect(parts.map((part) => part.key)).toEqual(["c0", "c0.t0", "c0.t1"]);
    expect(parts[0]?.text).toBe("Let me check the weather in both cities for you.");
    expect(JSON.parse(parts[1]?.text ?? "")).toEqual({ location: "Paris, France", unit: "celsius", notify: "jane.doe@example.com" });
    expect(JSON.parse(parts[2]?.text ?? "")).toMatchObject({ location: "Tokyo, Japan" });
  });

  it("should assemble completions text", () => {
    const [part] = assemble("openai-completions.sse", "openai.completions");
    expect(part?.key).toBe("c0");
    expect(part?.text).toContain("Please send the signed form to jane.doe@example.com or fax it to +1 212 555 0147 by Friday.");
  });

  it("should assemble Responses output text, refusals, reasoning summaries and function arguments", () => {
    const text = assemble("openai-responses-text.sse", "openai.responses");
    expect(text.map((part) => part.key)).toEqual(["o0.c0"]);
    expect(text[0]?.text).toContain("signed by Jane Doe (jane.doe@example.com, +1 415 555 0132)");
    expect(assemble("openai-responses-refusal.sse", "openai.responses")).toEqual([
      { key: "o0.c0", text: "I'm sorry, but I can't help with finding the home address of jane.doe@example.com." },
    ]);
    const call = assemble("openai-responses-function-call.sse", "openai.responses");
    expect(call.map((part) => part.key)).toEqual(["o0.s0", "o1.a"]);
    expect(call[0]?.text).toMatch(/^\*\*Drafting the reminder\*\*\n\nThe user wants a reminder sent to jane\.doe@example\.com/);
    expect(JSON.parse(call[1]?.text ?? "")).toMatchObject({ to: "jane.doe@example.com", subject: "Reminder: Friday review" });
  });

  it("should assemble Anthropic text, tool input JSON and thinking per block", () => {
    const text = assemble("anthropic-text.sse", "anthropic.messages");
    expect(text.map((part) => part.key)).toEqual(["b0"]);
    expect(text[0]?.text).toContain("Her new contact email is jane.doe@example.com");
    const tool = assemble("anthropic-tool-use.sse", "anthropic.messages");
    expect(tool.map((part) => part.key)).toEqual(["b0", "b1"]);
    expect(JSON.parse(tool[1]?.text ?? "")).toEqual({ email: "jane.doe@example.com", include: ["orders", "tickets"] });
    const thinking = assemble("anthropic-thinking.sse", "anthropic.messages");
    expect(thinking[0]?.text).toMatch(/^The user asks for Jane's contact\./);
    expect(thinking[1]?.text).toBe("You can reach Jane at jane.doe@example.com. She usually replies within a day.");
  });

  it("should skip events whose data is not JSON", () => {
    const assembler = createStreamAssembler("openai.chat");
    assembler.push({ data: "not json" });
    assembler.push({ data: '{"choices":[{"index":0,"delta":{"content":"ok"}}]}' });
    assembler.push({ data: "[DONE]" });
    expect(assembler.parts()).toEqual([{ key: "c0", text: "ok" }]);
  });

  it("should reject an unknown format with ERR_INVALID_OPTIONS", () => {
    const create = () => createStreamAssembler("openai.embeddings" as StreamFormat);
    expect(create).toThrow(/unknown stream format "openai.embeddings"/);
    try {
      create();
    } catch (error) {
      expect(GuardrailError.isInstance(error) && error.code).toBe("ERR_INVALID_OPTIONS");
    }
  });
});
