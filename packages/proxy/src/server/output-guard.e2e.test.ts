import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestProxy, type TestProxy } from "../test-utils/start-proxy";
import { useProxyMocks } from "../test-utils/use-proxy-mocks";

const PII = "jane.doe@example.com";
const BLOCKED_TAIL = `A harmless opening sentence comes first here. This is internal only material. ${"Filler text follows. ".repeat(150)}`;

const mocks = useProxyMocks();
const proxies: Record<"window" | "buffer" | "audit" | "off", TestProxy> = {} as never;

const clientFor = (mode: keyof typeof proxies) => new OpenAI({ apiKey: "sk-provider-key", baseURL: `${proxies[mode].url}/v1`, maxRetries: 0 });

async function streamChat(mode: keyof typeof proxies, content: string): Promise<{ text: string; finishReason: string | null | undefined; action: string | null }> {
  const { data: stream, response } = await clientFor(mode)
    .chat.completions.create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content }] })
    .withResponse();
  let text = "";
  let finishReason: string | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
  }
  return { text, finishReason, action: response.headers.get("x-akto-guardrails-action") };
}

beforeAll(async () => {
  const output = (mode: string) => ({ output: { mode, windowChars: 200, overlapChars: 32, flushMs: 30 } });
  const started = await Promise.all(
    (["window", "buffer", "audit", "off"] as const).map(async (mode) => [mode, await startTestProxy({ aktoUrl: mocks.akto.url, llmUrl: mocks.llm.url, config: output(mode) })] as const),
  );
  for (const [mode, proxy] of started) proxies[mode] = proxy;
});
afterEach(() => {
  mocks.akto.admin.clear();
  mocks.llm.admin.clear();
  mocks.llm.admin.setOptions({ chunkSize: 8, chunkIntervalMs: 0 });
});
afterAll(async () => {
  await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
});

describe("output guardrails: window mode", () => {
  it("should cut a chat stream mid-way with content_filter and abort the upstream", async () => {
    mocks.llm.admin.setOptions({ chunkSize: 4, chunkIntervalMs: 1 });
    mocks.llm.admin.script([{ text: BLOCKED_TAIL }]);
    const { text, finishReason, action } = await streamChat("window", "Tell me");
    expect(action).toBe("allow"); // headers carry the input decision; the cut is in the stream
    expect(finishReason).toBe("content_filter");
    // Only scanned text before the blocked span was released (how much depends on timing).
    expect(BLOCKED_TAIL.startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan(BLOCKED_TAIL.indexOf("internal only"));
    await mocks.llm.admin.waitForAbort();
  });

  it("should cut completions and responses streams with their own valid endings", async () => {
    mocks.llm.admin.setOptions({ chunkSize: 4, chunkIntervalMs: 1 });
    mocks.llm.admin.script([{ text: BLOCKED_TAIL }, { text: BLOCKED_TAIL }]);
    const completions = await clientFor("window").completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "Tell me", stream: true });
    let completionText = "";
    let completionFinish: string | null | undefined;
    for await (const chunk of completions) {
      completionText += chunk.choices[0]?.text ?? "";
      completionFinish = chunk.choices[0]?.finish_reason ?? completionFinish;
    }
    expect(completionFinish).toBe("content_filter");
    expect(BLOCKED_TAIL.startsWith(completionText)).toBe(true);
    expect(completionText.length).toBeLessThan(BLOCKED_TAIL.indexOf("internal only"));

    const responses = await clientFor("window").responses.create({ model: "gpt-4o-mini", input: "Tell me", stream: true });
    let responseText = "";
    const types: string[] = [];
    for await (const event of responses) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") responseText += event.delta;
    }
    expect(BLOCKED_TAIL.startsWith(responseText)).toBe(true);
    expect(responseText.length).toBeLessThan(BLOCKED_TAIL.indexOf("internal only"));
    expect(types.at(-1)).toBe("response.incomplete");
    await mocks.llm.admin.waitForAbort();
  });

  it("should redact PII in a streamed reply", async () => {
    const { text, finishReason } = await streamChat("window", "[[pii]]");
    expect(text).toContain("[REDACTED]");
    expect(text).not.toContain(PII);
    expect(finishReason).toBe("stop");
  });

  it("should send Akto each new window plus a small overlap, never the growing buffer", async () => {
    const { text } = await streamChat("window", "[[long:1500]]");
    expect(text).toHaveLength(1500);
    const windows = mocks.akto.admin
      .validations()
      .filter((record) => record.direction === "response")
      .map((record) => (record.parsedPayload as { body: { choices: Array<{ message: { content: string } }> } }).body.choices[0]!.message.content);
    expect(windows.length).toBeGreaterThanOrEqual(2);
    let covered = windows[0]!;
    for (const window of windows.slice(1)) {
      // Each window starts inside the previous one (the overlap) and continues where it left off.
      const overlap = [...Array(33).keys()].reverse().find((length) => covered.endsWith(window.slice(0, length))) ?? 0;
      expect(overlap).toBeLessThanOrEqual(32);
      covered += window.slice(overlap);
    }
    expect(covered).toBe(text);
    const sent = windows.reduce((total, window) => total + window.length, 0);
    expect(sent).toBeLessThanOrEqual(text.length + 32 * (windows.length - 1));
  });
});

describe("output guardrails: buffer mode", () => {
  it("should hold a blocked stream entirely and end it validly", async () => {
    mocks.llm.admin.script([{ text: BLOCKED_TAIL }]);
    const { text, finishReason } = await streamChat("buffer", "Tell me");
    expect(text).toBe("");
    expect(finishReason).toBe("content_filter");
  });

  it("should release a sanitized stream", async () => {
    const { text } = await streamChat("buffer", "[[pii]]");
    expect(text).toContain("[REDACTED]");
    expect(text).not.toContain(PII);
  });

  it("should block a JSON reply with a 403 carrying Akto's reason", async () => {
    mocks.llm.admin.script([{ text: "Sure. This is internal only material." }]);
    const error = await clientFor("buffer")
      .chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Tell me" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const apiError = error as InstanceType<typeof OpenAI.PermissionDeniedError>;
    expect(apiError.message).toMatch(/^403 Response blocked by Akto guardrails: /);
    expect(apiError.message).not.toContain("internal only");
    expect(apiError.headers.get("x-akto-guardrails-action")).toBe("block");
    expect(mocks.llm.admin.requests()).toHaveLength(1);
  });

  it("should sanitize a JSON reply", async () => {
    const { data, response } = await clientFor("buffer")
      .chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "[[pii]]" }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toContain("[REDACTED]");
    expect(data.choices[0]?.message.content).not.toContain(PII);
    expect(response.headers.get("x-akto-guardrails-action")).toBe("sanitize");
  });
});

describe("output guardrails: audit and off", () => {
  it("should forward a stream untouched and scan it after the end", async () => {
    mocks.llm.admin.script([{ text: "Sure. This is internal only material." }]);
    const { text, finishReason } = await streamChat("audit", "Tell me");
    expect(text).toBe("Sure. This is internal only material.");
    expect(finishReason).toBe("stop");
    const validations = await mocks.akto.admin.waitForValidations(2);
    expect(validations.map((record) => record.direction)).toEqual(["request", "response"]);
    expect(validations[1]?.verdict?.allowed).toBe(false);
    const [event] = await mocks.akto.admin.waitForEvents(1);
    expect(JSON.stringify(event?.body)).toContain("/v1/chat/completions");
  });

  it("should forward a JSON reply untouched in audit mode and record the scan", async () => {
    const completion = await clientFor("audit").chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "[[pii]]" }] });
    expect(completion.choices[0]?.message.content).toContain(PII);
    const validations = await mocks.akto.admin.waitForValidations(2);
    expect(validations[1]?.direction).toBe("response");
  });

  it("should not scan output when output is off", async () => {
    const { text } = await streamChat("off", "[[pii]]");
    expect(text).toContain(PII);
    expect(mocks.akto.admin.validations().map((record) => record.direction)).toEqual(["request"]);
  });
});
