import { getStreamFormatHandler } from "../formats/get-stream-format-handler";
import type { StreamFormatHandler } from "../formats/stream-format-handler";
import type { SseEvent, StreamFormat } from "../types";
import type { GuardRun } from "./drive-guard";

export interface RunReport {
  /** Text released per key (termination events excluded). */
  readonly releasedText: Map<string, string>;
  /** Text pushed per key. */
  readonly upstreamText: Map<string, string>;
  readonly totalScanned: number;
  readonly totalUpstream: number;
}

function textsOf(handler: StreamFormatHandler, event: SseEvent): Array<{ key: string; text: string }> {
  return handler.describe(event).slots.filter((slot) => slot.text.length > 0);
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * Replays a guard run against the upstream events and checks the stream guard invariants:
 * - each scan part is exactly the key's approved-but-unreleased text (`heldLength` chars, never
 *   anything released) followed by the next unscanned upstream text of that key;
 * - every released character was approved by the verdict of a scan covering it (the scanned
 *   text on allow, the replacement on sanitize), in order, and never while that scan was in flight;
 * - a part holds back at most `overlapChars` characters, so the scanned total is bounded;
 * - at most one scan is in flight; after a block only the termination is released;
 * - when not blocked, everything upstream was scanned and everything approved was released.
 */
export function checkGuardRun(
  run: GuardRun,
  upstream: ReadonlyArray<SseEvent>,
  format: StreamFormat,
  overlapChars: number,
): RunReport {
  const handler = getStreamFormatHandler(format) ?? fail(`no handler for ${format}`);
  const upstreamText = new Map<string, string>();
  for (const event of upstream) {
    for (const { key, text } of textsOf(handler, event)) upstreamText.set(key, (upstreamText.get(key) ?? "") + text);
  }
  const approved = new Map<string, string>();
  const cursor = new Map<string, number>();
  const releasedText = new Map<string, string>();
  let inFlight: GuardRun["scans"][number] | undefined;
  let blocked = false;
  let terminationSeen = false;
  let totalScanned = 0;

  for (const item of run.timeline) {
    if (item.kind === "scan") {
      if (inFlight !== undefined) fail(`scan ${item.scan.id} while ${inFlight.id} in flight`);
      if (blocked) fail("scan after block");
      inFlight = item.scan;
      for (const part of item.scan.parts) {
        const held = part.text.slice(0, part.heldLength);
        const fresh = part.text.slice(part.heldLength);
        if (held !== (approved.get(part.key) ?? "")) {
          fail(`scan ${item.scan.id} key ${part.key}: held ${JSON.stringify(held)} is not the unreleased approved text ${JSON.stringify(approved.get(part.key) ?? "")}`);
        }
        if (part.heldLength > overlapChars) fail(`scan ${item.scan.id} key ${part.key}: heldLength ${part.heldLength} > overlap ${overlapChars}`);
        if (fresh.length === 0) fail(`scan ${item.scan.id} key ${part.key}: part without new text`);
        const position = cursor.get(part.key) ?? 0;
        if (!(upstreamText.get(part.key) ?? "").startsWith(fresh, position)) {
          fail(`scan ${item.scan.id} key ${part.key}: new text ${JSON.stringify(fresh)} is not the next upstream text at ${position}`);
        }
        cursor.set(part.key, position + fresh.length);
        totalScanned += part.text.length;
      }
    } else if (item.kind === "resolve") {
      if (inFlight === undefined || inFlight.id !== item.scan.id) fail(`resolve of scan ${item.scan.id} that is not in flight`);
      inFlight = undefined;
      const verdict = item.verdict;
      if (verdict.action === "block") {
        blocked = true;
        continue;
      }
      const replacements = new Map(verdict.action === "sanitize" ? verdict.parts.map((part) => [part.key, part.text]) : []);
      for (const part of item.scan.parts) approved.set(part.key, replacements.get(part.key) ?? part.text);
    } else {
      if (terminationSeen) fail("events released after the termination");
      if (item.terminated) {
        if (!blocked) fail("terminated without a block verdict");
        terminationSeen = true;
        continue;
      }
      for (const event of item.events) {
        for (const { key, text } of textsOf(handler, event)) {
          if (inFlight?.parts.some((part) => part.key === key)) fail(`key ${key} released while its scan is in flight`);
          const available = approved.get(key) ?? "";
          if (!available.startsWith(text)) {
            fail(`key ${key}: released ${JSON.stringify(text)} was not approved (approved: ${JSON.stringify(available)})`);
          }
          approved.set(key, available.slice(text.length));
          releasedText.set(key, (releasedText.get(key) ?? "") + text);
        }
      }
    }
  }
  if (blocked !== run.terminated) fail(`blocked=${blocked} but terminated=${run.terminated}`);
  if (!run.done) fail("the run did not finish");
  let totalUpstream = 0;
  for (const [key, text] of upstreamText) {
    totalUpstream += text.length;
    if (blocked) continue;
    if ((cursor.get(key) ?? 0) !== text.length) fail(`key ${key}: only ${cursor.get(key) ?? 0} of ${text.length} chars scanned`);
    if ((approved.get(key) ?? "") !== "") fail(`key ${key}: approved text never released: ${JSON.stringify(approved.get(key))}`);
  }
  return { releasedText, upstreamText, totalScanned, totalUpstream };
}
