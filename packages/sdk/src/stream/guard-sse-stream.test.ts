import { createSseParser, createStreamAssembler, type GuardResult, type SseEvent, type WindowDecision, type WindowTextPart } from "@akto-guardrails/core";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Guardrails } from "../guard/create-guardrails";
import { guardSseStream, type StreamGuardMode } from "./guard-sse-stream";

const HEAD = { id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", object: "chat.completion.chunk", created: 1741570283, model: "gpt-4o-2024-08-06" };
const TEXT = "Café menus change weekly — ask the team. ".repeat(6);

function chunkEvent(delta: Record<string, unknown>, finishReason: string | null = null): string {
  return `data: ${JSON.stringify({ ...HEAD, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`;
}

/** A chat stream: role chunk, the text in 7-character deltas, finish chunk, [DONE]. */
function chatTranscript(): string {
  let transcript = chunkEvent({ role: "assistant", content: "" });
  for (let start = 0; start < TEXT.length; start += 7) transcript += chunkEvent({ content: TEXT.slice(start, start + 7) });
  return `${transcript}${chunkEvent({}, "stop")}data: [DONE]\n\n`;
}

function parse(text: string): SseEvent[] {
  const parser = createSseParser();
  return [...parser.push(text), ...parser.end()];
}

function assembledText(events: ReadonlyArray<SseEvent>): string {
  const assembler = createStreamAssembler("openai.chat");
  for (const event of events) assembler.push(event);
  return assembler.parts().map((part) => part.text).join("");
}

interface FakeAkto {
  readonly guardrails: Guardrails;
  readonly windows: Array<ReadonlyArray<WindowTextPart>>;
}

/** A guard engine whose windows are answered by `decide` (allow by default), on the next microtask. */
function fakeAkto(output: { windowChars: number; overlapChars: number; flushMs: number }, decide?: (index: number) => WindowDecision): FakeAkto {
  const windows: Array<ReadonlyArray<WindowTextPart>> = [];
  const fake = {
    options: { output: { mode: "window", ...output } },
    checkStreamWindow: async (parts: ReadonlyArray<WindowTextPart>) => {
      windows.push(parts);
      const verdict = decide?.(windows.length - 1) ?? { action: "allow" };
      return { verdict, result: { decision: verdict.action } as unknown as GuardResult };
    },
  };
  return { guardrails: fake as unknown as Guardrails, windows };
}

function openDriver(akto: FakeAkto, mode: StreamGuardMode = "window") {
  let written = "";
  const writes: string[] = [];
  const abortUpstream = vi.fn();
  const driver = guardSseStream({
    guardrails: akto.guardrails,
    shape: "openai.chat",
    mode,
    context: { path: "/v1/chat/completions" },
    write: (text) => {
      written += text;
      writes.push(text);
    },
    end: () => undefined,
    abortUpstream,
  });
  return { driver, abortUpstream, writes, written: () => written };
}

describe("guardSseStream", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("should write the upstream text whole and in order when every window is allowed, however the body is cut", async () => {
    const bytes = new TextEncoder().encode(chatTranscript());
    const upstream = parse(chatTranscript());
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 30 }), fc.boolean(), async (cuts, settle) => {
        const akto = fakeAkto({ windowChars: 40, overlapChars: 16, flushMs: 250 });
        const { driver, written } = openDriver(akto);
        let start = 0;
        for (const cut of [...cuts].sort((first, second) => first - second)) {
          driver.push(bytes.subarray(start, cut));
          start = cut;
          // Sometimes let the verdicts in between chunks, sometimes let the events pile up behind a window.
          if (settle) await Promise.resolve();
        }
        driver.push(bytes.subarray(start));
        driver.end();
        const summary = await driver.finished;
        expect(summary).toMatchObject({ terminated: false });
        expect(summary.windows).toBeGreaterThanOrEqual(2);
        const released = parse(written());
        expect(assembledText(released)).toBe(TEXT);
        // Every non-text event once, in order; text events may have been split at window boundaries.
        const nonText = (events: ReadonlyArray<SseEvent>) => events.filter((event) => assembledText([event]) === "").map((event) => event.data);
        expect(nonText(released)).toEqual(nonText(upstream));
        // Akto saw every character, each window only the new text plus the held-back overlap.
        const scanned = akto.windows.reduce((total, parts) => total + parts.reduce((sum, part) => sum + part.text.length, 0), 0);
        expect(scanned).toBeLessThanOrEqual(TEXT.length + akto.windows.length * 16);
      }),
      { seed: 4242, numRuns: 60 },
    );
  });

  it("should keep one flush timer for a deadline that later events repeat, and release the text when it fires", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const akto = fakeAkto({ windowChars: 500, overlapChars: 0, flushMs: 100 });
    const { driver, written } = openDriver(akto);
    driver.push(chunkEvent({ role: "assistant", content: "" }));
    for (const piece of ["Slow ", "stream ", "text."]) {
      driver.push(chunkEvent({ content: piece }));
      await vi.advanceTimersByTimeAsync(20);
    }
    // Three pushes asked for the same deadline (100 ms after the first text): one timer, no text out yet.
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    expect(assembledText(parse(written()))).toBe("");
    expect(akto.windows).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(40);
    expect(akto.windows).toEqual([[{ key: "c0", text: "Slow stream text." }]]);
    expect(assembledText(parse(written()))).toBe("Slow stream text.");
    driver.end();
    await expect(driver.finished).resolves.toMatchObject({ terminated: false, windows: 1 });
  });

  it("should end with the chat termination and abort the upstream when a window is blocked", async () => {
    const akto = fakeAkto({ windowChars: 40, overlapChars: 16, flushMs: 250 }, (index) => ({ action: index === 1 ? "block" : "allow" }));
    const { driver, written, abortUpstream } = openDriver(akto);
    driver.push(chatTranscript());
    driver.end();
    const summary = await driver.finished;
    expect(summary.terminated).toBe(true);
    expect(summary.blockedBy).toMatchObject({ decision: "block" });
    expect(abortUpstream).toHaveBeenCalledTimes(1);
    const released = parse(written());
    expect(released.slice(-2).map((event) => (event.data === "[DONE]" ? "[DONE]" : JSON.parse(event.data).choices[0].finish_reason))).toEqual([
      "content_filter",
      "[DONE]",
    ]);
    // Only text of the first (allowed) window, minus its held-back overlap, reached the client.
    const shown = assembledText(released);
    expect(TEXT.startsWith(shown)).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(akto.windows[0]?.[0]?.text.length ?? 0);
  });

  it("should write the released events of one upstream chunk in one write", async () => {
    const akto = fakeAkto({ windowChars: 40, overlapChars: 0, flushMs: 250 });
    const { driver, writes } = openDriver(akto, "buffer");
    driver.push(chatTranscript());
    driver.end();
    await driver.finished;
    // Buffer mode: the role chunk at once, then everything else when the single window is allowed.
    expect(writes).toHaveLength(2);
    expect(akto.windows).toHaveLength(1);
    expect(assembledText(parse(writes.join("")))).toBe(TEXT);
  });
});
