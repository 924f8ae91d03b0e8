import { describe, expect, it } from "vitest";
import { GuardrailError } from "../errors/guardrail-error";
import { serializeSseEvent } from "./serialize-sse-event";
import { createStreamAssembler } from "./stream-assembler";
import { createStreamGuard } from "./stream-guard";
import type { StreamGuardOptions, WindowScan, WindowVerdict } from "./stream-guard-types";
import { checkGuardRun } from "./test-utils/check-guard-run";
import { checkTermination } from "./test-utils/check-termination";
import { driveGuard } from "./test-utils/drive-guard";
import { FIXTURES, fixtureEvents, parseTranscript } from "./test-utils/fixtures";
import { FIXTURE_PII, redact, redactingVerdict } from "./test-utils/redact";
import type { SseEvent, StreamFormat } from "./types";

const allow = (): WindowVerdict => ({ action: "allow" });

function assembled(format: StreamFormat, events: ReadonlyArray<SseEvent>): Array<{ key: string; text: string }> {
  const assembler = createStreamAssembler(format);
  for (const event of events) assembler.push(event);
  return assembler.parts();
}

function hasText(format: StreamFormat, event: SseEvent): boolean {
  return assembled(format, [event]).some((part) => part.text.length > 0);
}

function withoutSequence(event: SseEvent): string {
  try {
    const { sequence_number: _ignored, ...rest } = JSON.parse(event.data) as Record<string, unknown>;
    return `${event.event ?? ""}|${JSON.stringify(rest)}`;
  } catch {
    return `${event.event ?? ""}|${event.data}`;
  }
}

function json(event: SseEvent | undefined): Record<string, any> {
  return JSON.parse(event?.data ?? "null") as Record<string, any>;
}

/** Blocks the first scan that has a part for `key` (or the `index`-th scan). */
function blockAt(predicate: (scan: WindowScan, index: number) => boolean): (scan: WindowScan) => WindowVerdict {
  let index = 0;
  return (scan) => (predicate(scan, index++) ? { action: "block" } : { action: "allow" });
}

describe("createStreamGuard", () => {
  describe("with allow verdicts", () => {
    for (const { name, format } of FIXTURES) {
      it(`should release exactly the original text per key and every non-text event once, in order (${name})`, () => {
        const events = fixtureEvents(name);
        const options = { format, windowChars: 40, overlapChars: 16, flushMs: Infinity };
        const run = driveGuard({ events, guard: options, decide: allow, delay: (scan) => scan.id % 3 });
        checkGuardRun(run, events, format, 16);
        expect(run.terminated).toBe(false);
        expect(run.scans.length).toBeGreaterThan(2);
        const reparsed = parseTranscript(run.released.map(serializeSseEvent).join(""));
        expect(assembled(format, reparsed)).toEqual(assembled(format, events));
        const nonText = (list: ReadonlyArray<SseEvent>) => list.filter((event) => !hasText(format, event)).map(withoutSequence);
        expect(nonText(reparsed)).toEqual(nonText(events));
      });
    }

    it("should release unchanged events as the very objects that were pushed", () => {
      const events = fixtureEvents("openai-chat-plain.sse");
      const run = driveGuard({ events, guard: { format: "openai.chat", windowChars: 40, overlapChars: 0 }, decide: allow });
      const pushed = new Set(events);
      const same = run.released.filter((event) => pushed.has(event));
      // With no overlap and windows on event boundaries nothing is split: every event is passed through as is.
      expect(same).toEqual(events);
    });

    it("should release the role chunk at once and hold text until its scan is allowed", () => {
      const [role, first, second] = fixtureEvents("openai-chat-plain.sse") as [SseEvent, SseEvent, SseEvent];
      const guard = createStreamGuard({ format: "openai.chat", windowChars: 5, overlapChars: 0, flushMs: Infinity });
      expect(guard.push(role, 0).release).toEqual([role]);
      const afterFirst = guard.push(first, 1);
      expect(afterFirst.release).toEqual([]);
      expect(afterFirst.scan).toBeUndefined();
      const afterSecond = guard.push(second, 2);
      expect(afterSecond.release).toEqual([]);
      expect(afterSecond.scan?.parts).toEqual([{ key: "c0", text: "Sure!", heldLength: 0 }]);
      const allowed = guard.resolveScan(afterSecond.scan?.id ?? -1, { action: "allow" }, 3);
      expect(allowed.release).toEqual([first, second]);
      expect(allowed.done).toBe(false);
    });

    it("should hold back the last overlapChars characters of a growing key and send them again with the next window", () => {
      const events = fixtureEvents("openai-chat-plain.sse");
      const run = driveGuard({ events, guard: { format: "openai.chat", windowChars: 60, overlapChars: 20 }, decide: allow });
      const [first, second] = run.scans as [WindowScan, WindowScan];
      const firstText = first.parts[0]?.text ?? "";
      expect(first.parts[0]?.heldLength).toBe(0);
      expect(second.parts[0]?.heldLength).toBe(20);
      expect(second.parts[0]?.text.startsWith(firstText.slice(-20))).toBe(true);
      // What went out after the first verdict is the first window minus its last 20 characters,
      // which needs an event to be split in two.
      const releasedAfterFirst = run.timeline.find((item) => item.kind === "release" && item.events.some((event) => hasText("openai.chat", event)));
      const text = assembled("openai.chat", releasedAfterFirst?.kind === "release" ? releasedAfterFirst.events : [])[0]?.text;
      expect(text).toBe(firstText.slice(0, -20));
      const upstreamContents = new Set(events.map((event) => assembled("openai.chat", [event])[0]?.text));
      const released = releasedAfterFirst?.kind === "release" ? releasedAfterFirst.events : [];
      expect(upstreamContents.has(assembled("openai.chat", released.slice(-1))[0]?.text)).toBe(false);
    });

    it("should not hold tool call arguments behind the content's overlap (chat content then tool calls)", () => {
      const events = fixtureEvents("openai-chat-tool-calls.sse");
      const run = driveGuard({ events, guard: { format: "openai.chat", windowChars: 30, overlapChars: 24 }, decide: allow });
      checkGuardRun(run, events, "openai.chat", 24);
      for (const scan of run.scans) for (const part of scan.parts) expect(part.heldLength).toBeLessThanOrEqual(24);
      // The content key is not re-sent once the tool calls started: it appears in the early windows only.
      const withContent = run.scans.filter((scan) => scan.parts.some((part) => part.key === "c0"));
      expect(withContent.length).toBeLessThan(4);
    });

    it("should let interleaved choices (n=2) advance without re-sending each other's text", () => {
      const events = fixtureEvents("openai-chat-n2.sse");
      const run = driveGuard({ events, guard: { format: "openai.chat", windowChars: 20, overlapChars: 12 }, decide: allow });
      const report = checkGuardRun(run, events, "openai.chat", 12);
      const parts = run.scans.reduce((count, scan) => count + scan.parts.length, 0);
      expect(report.totalScanned).toBeLessThanOrEqual(report.totalUpstream + parts * 12);
    });
  });

  describe("when splitting an event at the hold-back boundary", () => {
    const chunk = (choices: unknown[]): SseEvent => ({ data: JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "m", choices }) });
    const choicesOf = (events: ReadonlyArray<SseEvent>) => events.map((event) => json(event).choices);

    it("should send role and tool call ids at once in a copy of their own, then the text without them", () => {
      const guard = createStreamGuard({ format: "openai.chat", windowChars: 1, overlapChars: 5 });
      const opening = chunk([{ index: 0, delta: { role: "assistant", content: "Hello brave new world" }, finish_reason: null }]);
      const pushed = guard.push(opening, 0);
      // Time to first byte: the role goes out before the text is scanned, as OpenAI itself sends it.
      expect(choicesOf(pushed.release)).toEqual([[{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]]);
      const first = pushed.scan as WindowScan;
      expect(choicesOf(guard.resolveScan(first.id, { action: "allow" }, 1).release)).toEqual([
        [{ index: 0, delta: { content: "Hello brave new " }, finish_reason: null }],
      ]);
      const toolCall = chunk([
        { index: 0, delta: { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"0123456789"}' } }] }, finish_reason: null },
      ]);
      const second = guard.push(toolCall, 2);
      // The tool call opens at once: "world", held back as overlap of the content, does not stall it.
      expect(choicesOf(second.release)).toEqual([
        [{ index: 0, delta: { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "lookup", arguments: "" } }] }, finish_reason: null }],
      ]);
      expect(second.scan?.parts).toEqual([{ key: "c0.t0", text: '{"q":"0123456789"}', heldLength: 0 }]);
      expect(choicesOf(guard.resolveScan(second.scan?.id ?? -1, { action: "allow" }, 3).release)).toEqual([
        [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"q":"0123456' } }] }, finish_reason: null }],
      ]);
      // The finish reason completes every key of the choice: nothing more needs holding back.
      expect(choicesOf(guard.push(chunk([{ index: 0, delta: {}, finish_reason: "tool_calls" }]), 4).release)).toEqual([
        [{ index: 0, delta: { content: "world" }, finish_reason: null }],
        [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '789"}' } }] }, finish_reason: null }],
        [{ index: 0, delta: {}, finish_reason: "tool_calls" }],
      ]);
    });

    it("should keep a finish_reason on the last copy only", () => {
      const guard = createStreamGuard({ format: "openai.chat", windowChars: 1, overlapChars: 5 });
      const both = chunk([
        { index: 0, delta: { content: "0123456789" }, finish_reason: "stop" },
        { index: 1, delta: { content: "abcdefghij" }, finish_reason: null },
      ]);
      const scan = guard.push(both, 0).scan as WindowScan;
      // Choice 0 is complete and goes out whole; choice 1 keeps its last 5 characters back.
      expect(choicesOf(guard.resolveScan(scan.id, { action: "allow" }, 1).release)).toEqual([
        [
          { index: 0, delta: { content: "0123456789" }, finish_reason: null },
          { index: 1, delta: { content: "abcde" }, finish_reason: null },
        ],
      ]);
      expect(choicesOf(guard.end(2).release)).toEqual([
        [
          { index: 0, delta: { content: "" }, finish_reason: "stop" },
          { index: 1, delta: { content: "fghij" }, finish_reason: null },
        ],
      ]);
    });
  });

  describe("on block", () => {
    const choiceChunk = (choices: unknown[]): SseEvent => ({
      data: JSON.stringify({ id: "chatcmpl-9", object: "chat.completion.chunk", created: 7, model: "m", choices }),
    });
    const terminatedChoices = (release: ReadonlyArray<SseEvent>) =>
      release.filter((event) => event.data !== "[DONE]").map((event) => json(event).choices[0].index as number);

    it("should still close a choice whose finish reason was held back in the second half of a split chunk", () => {
      const guard = createStreamGuard({ format: "openai.chat", windowChars: 1, overlapChars: 5 });
      const both = choiceChunk([
        { index: 0, delta: { content: "0123456789" }, finish_reason: "stop" },
        { index: 1, delta: { content: "abcdefghij" }, finish_reason: null },
      ]);
      const scan = guard.push(both, 0).scan as WindowScan;
      // The first copy goes out without the finish reason (choice 1 keeps its overlap back)...
      const allowed = guard.resolveScan(scan.id, { action: "allow" }, 1);
      expect(allowed.release.map((event) => json(event).choices[0].finish_reason)).toEqual([null]);
      const next = guard.push(choiceChunk([{ index: 1, delta: { content: "klmno" }, finish_reason: null }]), 2).scan as WindowScan;
      // ...so on block the client has not seen choice 0 finish: both choices get their content_filter chunk.
      const blocked = guard.resolveScan(next.id, { action: "block" }, 3);
      expect(terminatedChoices(blocked.release)).toEqual([0, 1]);
    });

    it("should not close again a choice whose finish reason reached the client", () => {
      const guard = createStreamGuard({ format: "openai.chat", windowChars: 1, overlapChars: 0 });
      const first = guard.push(choiceChunk([{ index: 0, delta: { content: "done here" }, finish_reason: "stop" }]), 0).scan as WindowScan;
      const released = guard.resolveScan(first.id, { action: "allow" }, 1).release;
      expect(released.map((event) => json(event).choices[0].finish_reason)).toEqual(["stop"]);
      const second = guard.push(choiceChunk([{ index: 1, delta: { content: "still going" }, finish_reason: null }]), 2).scan as WindowScan;
      expect(terminatedChoices(guard.resolveScan(second.id, { action: "block" }, 3).release)).toEqual([1]);
    });

    it("should close an Anthropic block whose start was released unchanged, and not one already stopped", () => {
      const guard = createStreamGuard({ format: "anthropic.messages", windowChars: 1, overlapChars: 0 });
      const event = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: JSON.stringify({ type, ...body }) });
      guard.push(event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }), 0);
      const first = guard.push(event("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Hi." } }), 1).scan as WindowScan;
      guard.resolveScan(first.id, { action: "allow" }, 2);
      guard.push(event("content_block_stop", { index: 0 }), 3);
      guard.push(event("content_block_start", { index: 1, content_block: { type: "text", text: "" } }), 4);
      const second = guard.push(event("content_block_delta", { index: 1, delta: { type: "text_delta", text: "More" } }), 5).scan as WindowScan;
      const blocked = guard.resolveScan(second.id, { action: "block" }, 6);
      expect(blocked.release.map((released) => [released.event, json(released).index])).toEqual([
        ["content_block_stop", 1],
        ["message_delta", undefined],
        ["message_stop", undefined],
      ]);
    });

    it("should end a chat stream with a content_filter chunk per open choice and [DONE]", () => {
      const events = fixtureEvents("openai-chat-n2.sse");
      const run = driveGuard({ events, guard: { format: "openai.chat", windowChars: 30, overlapChars: 10 }, decide: blockAt((_, index) => index === 1) });
      expect(run.terminated).toBe(true);
      checkGuardRun(run, events, "openai.chat", 10);
      // What the client parses from the wire after the text it was shown.
      const termination = parseTranscript(run.released.slice(run.terminationStart).map(serializeSseEvent).join(""));
      expect(termination.map((event) => event.data === "[DONE]" ? "[DONE]" : json(event))).toEqual([
        {
          id: "chatcmpl-C1aT3vOqPz8QwXyR2mN4kL6jH0gFd",
          object: "chat.completion.chunk",
          created: 1753891204,
          model: "gpt-4o-2024-08-06",
          choices: [{ index: 0, delta: {}, finish_reason: "content_filter", logprobs: null }],
        },
        {
          id: "chatcmpl-C1aT3vOqPz8QwXyR2mN4kL6jH0gFd",
          object: "chat.completion.chunk",
          created: 1753891204,
          model: "gpt-4o-2024-08-06",
          choices: [{ index: 1, delta: {}, finish_reason: "content_filter", logprobs: null }],
        },
        "[DONE]",
      ]);
    });

    it("should drop everything held, ignore later pushes and report done + terminated", () => {
      const events = fixtureEvents("openai-chat-plain.sse");
      const guard = createStreamGuard({ format: "openai.chat", windowChars: 30, overlapChars: 8 });
      let scan: WindowScan | undefined;
      let index = 0;
      while (scan === undefined) scan = guard.push(events[index++] as SseEvent, index).scan;
      const blocked = guard.resolveScan(scan.id, { action: "block" }, index);
      expect(blocked).toMatchObject({ done: true, terminated: true });
      expect(blocked.release.map((event) => event.data)).toEqual([
        JSON.stringify({
          id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
          object: "chat.completion.chunk",
          created: 1741569952,
          model: "gpt-4o-2024-08-06",
          choices: [{ index: 0, delta: {}, finish_reason: "content_filter", logprobs: null }],
        }),
        "[DONE]",
      ]);
      expect(guard.push(events[index] as SseEvent, 100)).toEqual({ release: [], done: true, terminated: true });
      expect(guard.end(101)).toEqual({ release: [], done: true, terminated: true });
      expect(guard.tick(102).release).toEqual([]);
    });

    it("should end a completions stream with a content_filter choice and [DONE]", () => {
      const events = fixtureEvents("openai-completions.sse");
      const run = driveGuard({ events, guard: { format: "openai.completions", windowChars: 30, overlapChars: 10 }, decide: blockAt((_, index) => index === 2) });
      const termination = run.released.slice(run.terminationStart);
      expect(termination.map((event) => event.data === "[DONE]" ? "[DONE]" : json(event))).toEqual([
        {
          id: "cmpl-8mWbYdFyuc4kmhrl5Z5NuRZLf3yqO",
          object: "text_completion",
          created: 1706640948,
          model: "gpt-3.5-turbo-instruct",
          choices: [{ index: 0, text: "", finish_reason: "content_filter", logprobs: null }],
        },
        "[DONE]",
      ]);
    });

    it("should end a Responses stream with response.incomplete holding the output released so far, numbering on", () => {
      const events = fixtureEvents("openai-responses-function-call.sse");
      const run = driveGuard({
        events,
        guard: { format: "openai.responses", windowChars: 40, overlapChars: 16 },
        decide: blockAt((scan) => scan.parts.some((part) => part.key === "o1.a" && part.heldLength > 0)),
      });
      expect(run.terminated).toBe(true);
      const report = checkGuardRun(run, events, "openai.responses", 16);
      checkTermination("openai.responses", run.released, run.terminationStart ?? -1);
      const numbers = run.released.map((event) => json(event).sequence_number);
      expect(numbers).toEqual(numbers.map((_, index) => index));
      const incomplete = json(run.released[run.released.length - 1]);
      expect(incomplete.response).toMatchObject({
        id: "resp_68a20b4d7e6c8191a2b3c4d5e6f7a8b9",
        object: "response",
        model: "o4-mini-2025-04-16",
        status: "incomplete",
        incomplete_details: { reason: "content_filter" },
      });
      const [reasoning, call] = incomplete.response.output as Array<Record<string, any>>;
      expect(reasoning).toMatchObject({ type: "reasoning", summary: [{ type: "summary_text", text: report.upstreamText.get("o0.s0") }] });
      const releasedArguments = report.releasedText.get("o1.a") ?? "";
      expect(releasedArguments.length).toBeGreaterThan(0);
      expect(report.upstreamText.get("o1.a")?.startsWith(releasedArguments)).toBe(true);
      expect(call).toMatchObject({ type: "function_call", status: "incomplete", name: "send_email", arguments: releasedArguments });
    });

    it("should end a Responses message with its released text in the incomplete output", () => {
      const events = fixtureEvents("openai-responses-text.sse");
      const run = driveGuard({ events, guard: { format: "openai.responses", windowChars: 50, overlapChars: 20 }, decide: blockAt((_, index) => index === 2) });
      const report = checkGuardRun(run, events, "openai.responses", 20);
      const incomplete = json(run.released[run.released.length - 1]);
      expect(incomplete.sequence_number).toBe(json(run.released[run.released.length - 2]).sequence_number + 1);
      expect(incomplete.response.output).toEqual([
        {
          id: "msg_68a1f3c2b5d4819ea6e0c1f2a3b4c5d6",
          type: "message",
          status: "incomplete",
          role: "assistant",
          content: [{ type: "output_text", annotations: [], logprobs: [], text: report.releasedText.get("o0.c0") }],
        },
      ]);
    });

    it("should close the open Anthropic block, then send message_delta (refusal) and message_stop", () => {
      const events = fixtureEvents("anthropic-thinking.sse");
      const run = driveGuard({
        events,
        guard: { format: "anthropic.messages", windowChars: 30, overlapChars: 10 },
        // Once b1 has held-back text, some of it reached the client: block 0 is closed, block 1 open.
        decide: blockAt((scan) => scan.parts.some((part) => part.key === "b1" && part.heldLength > 0)),
      });
      checkGuardRun(run, events, "anthropic.messages", 10);
      checkTermination("anthropic.messages", run.released, run.terminationStart ?? -1);
      const termination = parseTranscript(run.released.slice(run.terminationStart).map(serializeSseEvent).join(""));
      expect(termination.map((event) => [event.event, json(event)])).toEqual([
        ["content_block_stop", { type: "content_block_stop", index: 1 }],
        ["message_delta", { type: "message_delta", delta: { stop_reason: "refusal", stop_sequence: null }, usage: { output_tokens: 1 } }],
        ["message_stop", { type: "message_stop" }],
      ]);
    });

    it("should close a tool_use block cut in the middle of its input JSON", () => {
      const events = fixtureEvents("anthropic-tool-use.sse");
      const run = driveGuard({
        events,
        guard: { format: "anthropic.messages", windowChars: 20, overlapChars: 8 },
        decide: blockAt((scan) => scan.parts.some((part) => part.key === "b1" && part.heldLength > 0)),
      });
      const termination = run.released.slice(run.terminationStart);
      expect(termination.map((event) => event.event)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
      expect(json(termination[0]).index).toBe(1);
      const text = assembled("anthropic.messages", run.released.slice(0, run.terminationStart));
      expect(text[0]?.text).toBe("Okay, let me look up the customer record for that email address.");
      expect(text[1]?.text.length).toBeGreaterThan(0);
    });

    it("should fail closed on a malformed verdict", () => {
      const guard = createStreamGuard({ format: "anthropic.messages", windowChars: 1, overlapChars: 0 });
      const events = fixtureEvents("anthropic-text.sse");
      guard.push(events[0] as SseEvent, 0);
      guard.push(events[1] as SseEvent, 0);
      const scan = guard.push(events[3] as SseEvent, 0).scan;
      const step = guard.resolveScan(scan?.id ?? -1, { action: "sanitize", parts: [{ key: "b0", text: 42 }] } as unknown as WindowVerdict, 1);
      expect(step.terminated).toBe(true);
      expect(step.release.map((event) => event.event)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    });
  });

  describe("on sanitize", () => {
    for (const { name, format } of FIXTURES) {
      it(`should rewrite the text so no original PII reaches the client (${name})`, () => {
        const events = fixtureEvents(name);
        const run = driveGuard({ events, guard: { format, windowChars: 48, overlapChars: 32 }, decide: redactingVerdict, delay: (scan) => scan.id % 2 });
        const report = checkGuardRun(run, events, format, 32);
        const bytes = run.released.map(serializeSseEvent).join("");
        for (const pii of FIXTURE_PII) expect(bytes).not.toContain(pii);
        const reparsed = parseTranscript(bytes);
        for (const [key, text] of report.upstreamText) {
          expect(assembled(format, reparsed).find((part) => part.key === key)?.text).toBe(report.releasedText.get(key));
          if (redact(text) !== text) expect(report.releasedText.get(key)).toBe(redact(text));
        }
      });
    }

    it("should rewrite Responses aggregates with the sanitized full text", () => {
      const events = fixtureEvents("openai-responses-text.sse");
      const run = driveGuard({ events, guard: { format: "openai.responses", windowChars: 48, overlapChars: 32 }, decide: redactingVerdict });
      const released = run.released.map((event) => json(event));
      const text = assembled("openai.responses", run.released)[0]?.text;
      expect(text).toContain("signed by Jane Doe ([EMAIL], [PHONE]) on 12 March");
      const byType = (type: string) => released.find((event) => event.type === type);
      expect(byType("response.output_text.done")?.text).toBe(text);
      expect(byType("response.content_part.done")?.part.text).toBe(text);
      expect(byType("response.output_item.done")?.item.content[0].text).toBe(text);
      expect(byType("response.completed")?.response.output[0].content[0].text).toBe(text);
      expect(released.map((event) => event.sequence_number)).toEqual(released.map((_, index) => index));
    });

    it("should rewrite Responses reasoning summaries, refusals and function arguments in their aggregates", () => {
      for (const name of ["openai-responses-function-call.sse", "openai-responses-refusal.sse"]) {
        const events = fixtureEvents(name);
        const run = driveGuard({ events, guard: { format: "openai.responses", windowChars: 48, overlapChars: 32 }, decide: redactingVerdict });
        const bytes = run.released.map(serializeSseEvent).join("");
        for (const pii of FIXTURE_PII) expect(bytes).not.toContain(pii);
        expect(bytes).toContain("[EMAIL]");
      }
    });

    it("should put the replacement in the first held event of the key and empty the others, keeping finish_reason", () => {
      const guard = createStreamGuard({ format: "openai.completions", windowChars: 1000, overlapChars: 0 });
      const chunk = (text: string, finish: string | null) => ({
        data: JSON.stringify({ id: "cmpl-1", object: "text_completion", created: 1, model: "m", choices: [{ text, index: 0, logprobs: null, finish_reason: finish }] }),
      });
      guard.push(chunk("mail jane", null), 0);
      guard.push(chunk(".doe@example", null), 1);
      guard.push(chunk(".com", "stop"), 2);
      // The end marker starts the last window without waiting for end().
      const scan = guard.push({ data: "[DONE]" }, 3).scan;
      expect(scan).toMatchObject({ final: true, parts: [{ key: "c0", text: "mail jane.doe@example.com", heldLength: 0 }] });
      const step = guard.resolveScan(scan?.id ?? -1, { action: "sanitize", parts: [{ key: "c0", text: "mail [EMAIL]" }] }, 5);
      expect(step.done).toBe(false);
      expect(guard.end(6)).toEqual({ release: [], done: true, terminated: false });
      expect(step.release.map((event) => (event.data === "[DONE]" ? "[DONE]" : json(event).choices[0]))).toEqual([
        { text: "mail [EMAIL]", index: 0, logprobs: null, finish_reason: null },
        { text: "", index: 0, logprobs: null, finish_reason: null },
        { text: "", index: 0, logprobs: null, finish_reason: "stop" },
        "[DONE]",
      ]);
    });

    it("should apply the hold-back to the replacement text", () => {
      const guard = createStreamGuard({ format: "anthropic.messages", windowChars: 10, overlapChars: 4 });
      const delta = (text: string) => ({ event: "content_block_delta", data: JSON.stringify({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }) });
      guard.push({ event: "content_block_start", data: '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}' }, 0);
      const scan = guard.push(delta("0123456789"), 1).scan;
      const step = guard.resolveScan(scan?.id ?? -1, { action: "sanitize", parts: [{ key: "b0", text: "abcdefgh" }] }, 2);
      expect(step.release.map((event) => json(event).delta.text)).toEqual(["abcd"]);
      const next = guard.push(delta("0123456789"), 3).scan;
      expect(next?.parts).toEqual([{ key: "b0", text: "efgh0123456789", heldLength: 4 }]);
    });
  });

  describe("windows and timers", () => {
    it("should flush a slow stream on tick once the oldest unscanned text is flushMs old", () => {
      const events = fixtureEvents("openai-chat-plain.sse");
      const guard = createStreamGuard({ format: "openai.chat", windowChars: 500, overlapChars: 0, flushMs: 100 });
      guard.push(events[0] as SseEvent, 1000);
      const first = guard.push(events[1] as SseEvent, 1010);
      expect(first.nextDeadline).toBe(1110);
      expect(guard.push(events[2] as SseEvent, 1050).nextDeadline).toBe(1110);
      const early = guard.tick(1109);
      expect(early.scan).toBeUndefined();
      const due = guard.tick(1110);
      expect(due.scan?.parts).toEqual([{ key: "c0", text: "Sure!", heldLength: 0 }]);
      expect(due.scan?.final).toBe(false);
      expect(due.nextDeadline).toBeUndefined();
      expect(guard.resolveScan(due.scan?.id ?? -1, { action: "allow" }, 1150).release).toEqual([events[1], events[2]]);
    });

    it("should release a slow stream progressively when driven by the flush timer", () => {
      const events = fixtureEvents("anthropic-text.sse");
      const run = driveGuard({ events, guard: { format: "anthropic.messages", windowChars: 10_000, overlapChars: 8, flushMs: 100 }, decide: allow, gap: () => 40 });
      checkGuardRun(run, events, "anthropic.messages", 8);
      // A 10 000-character window is never filled: every scan is started by the timer.
      expect(run.scans.length).toBeGreaterThan(10);
      const textReleases = run.timeline.filter((item) => item.kind === "release" && item.events.some((event) => hasText("anthropic.messages", event)));
      expect(textReleases.length).toBeGreaterThan(10);
    });

    it("should scan once at the end in buffer mode", () => {
      const events = fixtureEvents("openai-chat-tool-calls.sse");
      const guard = createStreamGuard({ format: "openai.chat", windowChars: Infinity });
      const steps = events.map((event, index) => guard.push(event, index * 1000));
      expect(steps[0]?.release).toEqual([events[0]]);
      expect(steps.some((step) => step.nextDeadline !== undefined)).toBe(false);
      const scans = steps.flatMap((step) => (step.scan === undefined ? [] : [step.scan]));
      // The only scan starts with the end marker ([DONE]), the last event.
      expect(scans).toHaveLength(1);
      expect(steps[steps.length - 1]?.scan).toBe(scans[0]);
      expect(scans[0]?.final).toBe(true);
      expect(scans[0]?.parts).toEqual(assembled("openai.chat", events).map((part) => ({ ...part, heldLength: 0 })));
      const released = steps.flatMap((step) => step.release);
      expect(released.some((event) => hasText("openai.chat", event))).toBe(false);
      expect(guard.end(999_999)).toMatchObject({ release: [], done: false });
      const resolved = guard.resolveScan(scans[0]?.id ?? -1, { action: "allow" }, 1_000_000);
      expect(resolved.done).toBe(true);
      expect([...released, ...resolved.release]).toEqual(events);
    });

    it("should scan once at end() in buffer mode when the stream has no end marker", () => {
      const events = fixtureEvents("openai-chat-plain.sse").slice(0, -1);
      const guard = createStreamGuard({ format: "openai.chat", windowChars: Infinity });
      expect(events.some((event, index) => guard.push(event, index).scan !== undefined)).toBe(false);
      const end = guard.end(1000);
      expect(end.scan).toMatchObject({ final: true, parts: [{ key: "c0", heldLength: 0 }] });
      expect(guard.resolveScan(end.scan?.id ?? -1, { action: "allow" }, 1001).done).toBe(true);
    });

    it("should start the final scan when the in-flight one resolves if end() came during it", () => {
      const events = fixtureEvents("anthropic-text.sse");
      const guard = createStreamGuard({ format: "anthropic.messages", windowChars: 20, overlapChars: 5 });
      let scan: WindowScan | undefined;
      let index = 0;
      while (scan === undefined) scan = guard.push(events[index++] as SseEvent, index).scan;
      for (; index < events.length; index++) expect(guard.push(events[index] as SseEvent, index).scan).toBeUndefined();
      const ended = guard.end(100);
      expect(ended).toMatchObject({ release: [], done: false });
      expect(ended.scan).toBeUndefined();
      const afterFirst = guard.resolveScan(scan.id, { action: "allow" }, 101);
      expect(afterFirst.scan?.final).toBe(true);
      expect(afterFirst.done).toBe(false);
      const afterFinal = guard.resolveScan(afterFirst.scan?.id ?? -1, { action: "allow" }, 102);
      expect(afterFinal.done).toBe(true);
      expect(afterFinal.release[afterFinal.release.length - 1]?.event).toBe("message_stop");
    });

    it("should treat the end marker as the last window without waiting for end()", () => {
      const guard = createStreamGuard({ format: "openai.chat", windowChars: 1000, flushMs: Infinity });
      const events = fixtureEvents("openai-chat-include-usage.sse");
      const scans = events.map((event, index) => guard.push(event, index).scan).filter((scan) => scan !== undefined);
      expect(scans).toHaveLength(1);
      expect(scans[0]?.final).toBe(true);
    });

    it("should ignore stale and unknown scan ids", () => {
      const guard = createStreamGuard({ format: "openai.chat", windowChars: 1, overlapChars: 0 });
      const [role, first, second] = fixtureEvents("openai-chat-plain.sse") as [SseEvent, SseEvent, SseEvent];
      guard.push(role, 0);
      const scan = guard.push(first, 1).scan as WindowScan;
      guard.push(second, 2);
      expect(guard.resolveScan(scan.id + 1, { action: "block" }, 3)).toEqual({ release: [], done: false, terminated: false });
      const resolved = guard.resolveScan(scan.id, { action: "allow" }, 4);
      expect(resolved.release).toEqual([first]);
      expect(resolved.scan?.id).toBe(scan.id + 1);
      expect(guard.resolveScan(scan.id, { action: "block" }, 5)).toMatchObject({ release: [], terminated: false });
    });
  });

  describe("with malformed input", () => {
    it("should pass events whose data is not JSON through in order, as non-text events", () => {
      const events = fixtureEvents("openai-chat-plain.sse");
      const garbage: SseEvent = { data: "{not json" };
      const withGarbage = [...events.slice(0, 5), garbage, ...events.slice(5)];
      const run = driveGuard({ events: withGarbage, guard: { format: "openai.chat", windowChars: 30, overlapChars: 10 }, decide: allow });
      checkGuardRun(run, withGarbage, "openai.chat", 10);
      const position = run.released.indexOf(garbage);
      expect(position).toBeGreaterThan(0);
      expect(assembled("openai.chat", run.released.slice(0, position))[0]?.text).toBe("Sure! You can");
    });

    it("should never throw on odd events", () => {
      const odd: unknown[] = [
        null,
        "text",
        { data: 42 },
        { data: '{"type":"response.output_text.delta","output_index":"x","delta":"hello there"}' },
        { data: '{"type":"response.output_text.delta","delta":{"nested":true}}' },
        { data: '{"__proto__":{"polluted":true},"type":"response.output_item.added","output_index":0}' },
        { event: "response.output_text.delta", data: '{"output_index":0,"content_index":0,"delta":"typed by event name"}' },
      ];
      const run = driveGuard({ events: odd as SseEvent[], guard: { format: "openai.responses", windowChars: 5, overlapChars: 0 }, decide: allow });
      expect(run.done).toBe(true);
      expect(run.scans.flatMap((scan) => scan.parts.map((part) => part.text.slice(part.heldLength)))).toEqual([
        "hello there",
        "typed by event name",
      ]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(run.released.map((event) => event.data)).toEqual(odd.slice(2).map((event) => (event as SseEvent).data));
    });

    it("should reject invalid options with ERR_INVALID_OPTIONS", () => {
      const invalid: unknown[] = [
        { format: "openai.embeddings" },
        { format: "openai.chat", windowChars: -1 },
        { format: "openai.chat", windowChars: Number.NaN },
        { format: "openai.chat", overlapChars: 1.5 },
        { format: "openai.chat", flushMs: "fast" },
        null,
      ];
      for (const options of invalid) {
        let caught: unknown;
        try {
          createStreamGuard(options as StreamGuardOptions);
        } catch (error) {
          caught = error;
        }
        expect(GuardrailError.isInstance(caught) && caught.code, JSON.stringify(options)).toBe("ERR_INVALID_OPTIONS");
      }
    });
  });
});
