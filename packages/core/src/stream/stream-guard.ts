import { globalDescription } from "./formats/global-description";
import { parseObject } from "./formats/json-access";
import type { EventDescription, JsonObject, PayloadPath, ReleasedEvent } from "./formats/stream-format-handler";
import { readWindowVerdict } from "./read-window-verdict";
import { resolveStreamGuardOptions } from "./resolve-stream-guard-options";
import { GLOBAL_SCOPE, scopesIntersect } from "./scopes";
import type { StreamGuard, StreamGuardOptions, StreamStep, WindowScan } from "./stream-guard-types";
import type { SseEvent } from "./types";

/** The text of one stream key (`c0`, `o1.a`, `b2`, ...) that has not been released yet. */
interface KeyState {
  readonly name: string;
  /** Ordering scope (see `TextSlot.scope`). */
  readonly scope: string;
  /** `[scope]`, shared by the key's text events that have no other scope (most of them). */
  readonly scopeList: ReadonlyArray<string>;
  /** Unreleased slots in stream order; their texts concatenated are the key's unreleased text. */
  readonly slots: Slot[];
  unreleasedLength: number;
  /** Length of the prefix of the unreleased text that a resolved scan allowed (or rewrote). */
  approved: number;
  /** No more text will come for this key. */
  complete: boolean;
  /** Part of the scan in flight: nothing of it may be released until the verdict. */
  inFlight: boolean;
  /** Everything released so far, for formats whose aggregates and termination repeat it. */
  released: string[] | undefined;
}

/** One text delta of a queued event; `text` is what is still to be released of it. */
interface Slot {
  readonly key: KeyState;
  readonly entry: Entry;
  readonly path: PayloadPath;
  text: string;
  released: boolean;
}

/** One queued upstream event; its `type` and `completes` are what the format tracker reads at release. */
interface Entry extends ReleasedEvent {
  readonly event: SseEvent;
  /**
   * The parsed data, kept only when the format's tracker reads it at release (`keepPayload`) or after
   * it had to be parsed again for a rewrite: a held event is then a few small objects, not a JSON tree.
   */
  payload: JsonObject | undefined;
  readonly sequence: number;
  /** Its non-empty text deltas (a shared empty list for events without text: held events stay small). */
  slots: ReadonlyArray<Slot>;
  /** Ordering scopes: those of its non-text parts and those of all its text deltas, even empty ones. */
  scopes: ReadonlyArray<string>;
  /** It carries more than text deltas (role, block start, finish, ...): such events never overtake one another. */
  ordered: boolean;
  /** Its scopes once the first copy took the opening fields (role, tool call id) along; only for such events. */
  afterOpening: { readonly scopes: ReadonlyArray<string>; readonly ordered: boolean } | undefined;
  textLength: number;
  /** A sanitize verdict changed the text of one of its slots. */
  rewritten: boolean;
  /** A first part of it was already released as a copy. */
  headReleased: boolean;
}

const NO_SLOTS: ReadonlyArray<Slot> = Object.freeze([]);

interface CoveredKey {
  readonly key: KeyState;
  readonly length: number;
  readonly text: string;
  readonly slots: Slot[];
}

interface PendingScan {
  readonly id: number;
  readonly covered: CoveredKey[];
}

/**
 * Creates the streaming output guard: a pure state machine that the adapters drive with
 * upstream events, timer ticks and scan verdicts, and that tells them what to write to the client
 * and which window to send to Akto. See {@link StreamGuard} for the contract.
 *
 * Release order: events leave in arrival order, with one exception. A text event whose key is
 * only held back (scanned and allowed, kept as overlap until more text of its key arrives) does
 * not stall other keys (another choice, the tool call that follows the content): events of
 * disjoint keys may overtake it, so no key is held by more than its own overlap. Non-text events
 * never overtake one another, and nothing overtakes unscanned or in-flight text.
 */
export function createStreamGuard(options: StreamGuardOptions): StreamGuard {
  const { handler, windowChars, overlapChars, flushMs } = resolveStreamGuardOptions(options);
  const keys = new Map<string, KeyState>();
  const queue: Entry[] = [];
  const completedScopes: string[] = [];
  const tracker = handler.createTracker({
    releasedText(name) {
      const released = keys.get(name)?.released;
      if (released === undefined) return undefined;
      if (released.length > 1) released.splice(0, released.length, released.join(""));
      return released[0] ?? "";
    },
  });

  let pushCount = 0;
  /** Events pushed at or after this sequence number are not covered by any scan yet. */
  let firstUnscannedSequence = 0;
  let pendingChars = 0;
  let oldestPendingAt = 0;
  let pendingScan: PendingScan | undefined;
  let nextScanId = 1;
  let endMarkerSeen = false;
  let ended = false;
  let terminated = false;
  let lastNow = 0;

  const clock = (now: number): number => {
    if (Number.isFinite(now)) lastNow = now;
    return lastNow;
  };

  const getKey = (name: string, scope: string): KeyState => {
    let key = keys.get(name);
    if (key === undefined) {
      key = {
        name,
        scope,
        scopeList: Object.freeze([scope]),
        slots: [],
        unreleasedLength: 0,
        approved: 0,
        complete: completedScopes.some((completed) => scopesIntersect(completed, scope)),
        inFlight: false,
        released: handler.keepsReleasedText ? [] : undefined,
      };
      keys.set(name, key);
    }
    return key;
  };

  const markComplete = (scopes: ReadonlyArray<string>): void => {
    for (const scope of scopes) {
      completedScopes.push(scope);
      for (const key of keys.values()) if (!key.complete && scopesIntersect(scope, key.scope)) key.complete = true;
    }
  };

  /** How much of a key's unreleased text may go to the client now. */
  const releasable = (key: KeyState): number => {
    if (key.inFlight) return 0;
    // The tail stays held back while more text may follow it: the next window sees it again, so a
    // span cut at the boundary is scanned whole and can still be rewritten.
    if (key.complete && key.approved === key.unreleasedLength) return key.approved;
    return Math.max(0, key.approved - overlapChars);
  };

  const consume = (slot: Slot, count: number, finished: boolean): void => {
    const key = slot.key;
    if (count > 0) {
      key.unreleasedLength -= count;
      key.approved -= count;
      key.released?.push(count === slot.text.length ? slot.text : slot.text.slice(0, count));
    }
    if (finished) {
      slot.released = true;
      const position = key.slots.indexOf(slot);
      if (position === 0) key.slots.shift();
      else if (position > 0) key.slots.splice(position, 1);
    }
  };

  /** The entry's payload, parsed again when it was not kept (only split or rewritten events need it). */
  const payloadOf = (entry: Entry): JsonObject | undefined => {
    if (entry.payload === undefined && typeof entry.event.data === "string") entry.payload = parseObject(entry.event.data);
    return entry.payload;
  };

  /** `payload`: what the client gets (see `StreamFormatTracker.release`); `modified`: it is not the event as pushed. */
  const emit = (entry: Entry, payload: JsonObject | undefined, modified: boolean, closing: boolean, out: SseEvent[]): void => {
    const final = tracker.release(entry, payload, closing);
    const unchanged = !modified && final === entry.payload;
    out.push(unchanged || final === undefined ? entry.event : { ...entry.event, data: JSON.stringify(final) });
  };

  const releaseWhole = (entry: Entry, out: SseEvent[]): void => {
    const modified = entry.rewritten || entry.headReleased;
    let payload = entry.payload;
    if (modified) {
      const source = payloadOf(entry);
      if (source !== undefined) {
        payload = handler.rewrite(source, entry.slots, { keepOpening: !entry.headReleased, keepClosing: true });
      }
    }
    for (const slot of entry.slots) consume(slot, slot.text.length, true);
    emit(entry, payload, modified, true, out);
  };

  /** Releases a copy carrying the first `takes[i]` characters of each slot; the entry keeps the rest. */
  const releaseHead = (entry: Entry, takes: ReadonlyArray<number>, out: SseEvent[]): void => {
    const source = payloadOf(entry) as JsonObject;
    const edits = entry.slots.map((slot, position) => ({ path: slot.path, text: slot.text.slice(0, takes[position]) }));
    const head = handler.rewrite(source, edits, { keepOpening: !entry.headReleased, keepClosing: false });
    for (let position = 0; position < entry.slots.length; position++) {
      const slot = entry.slots[position] as Slot;
      const take = takes[position] ?? 0;
      consume(slot, take, false);
      slot.text = slot.text.slice(take);
      entry.textLength -= take;
    }
    if (!entry.headReleased) {
      entry.headReleased = true;
      // The opening fields went out with this copy; what stays is ordered by its other scopes only.
      if (entry.afterOpening !== undefined) {
        entry.scopes = entry.afterOpening.scopes;
        entry.ordered = entry.afterOpening.ordered;
      }
    }
    emit(entry, head, true, false, out);
  };

  const hasOpening = (entry: Entry): boolean => !entry.headReleased && entry.afterOpening !== undefined;

  /** Releases as much of a text entry as its keys allow; true when all of it went out. */
  const releaseText = (entry: Entry, out: SseEvent[]): boolean => {
    const slots = entry.slots;
    if (slots.length === 1) {
      // The common case: one text delta.
      const slot = slots[0] as Slot;
      const take = Math.min(slot.text.length, Math.max(0, releasable(slot.key)));
      if (take === slot.text.length) {
        releaseWhole(entry, out);
        return true;
      }
      if (take > 0 || hasOpening(entry)) releaseHead(entry, [take], out);
      return false;
    }
    const takes: number[] = [];
    let whole = true;
    let some = false;
    for (let position = 0; position < slots.length; position++) {
      const slot = slots[position] as Slot;
      let budget = releasable(slot.key);
      for (let earlier = 0; earlier < position; earlier++) {
        if (slots[earlier]?.key === slot.key) budget -= takes[earlier] ?? 0;
      }
      const take = Math.min(slot.text.length, Math.max(0, budget));
      takes.push(take);
      if (take < slot.text.length) whole = false;
      if (take > 0) some = true;
    }
    if (whole) releaseWhole(entry, out);
    else if (some || hasOpening(entry)) releaseHead(entry, takes, out);
    return whole;
  };

  /** Whether one of the entry's keys is in the scan in flight. */
  const inFlight = (entry: Entry): boolean => {
    for (const slot of entry.slots) if (slot.key.inFlight) return true;
    return false;
  };

  const overlaps = (entry: Entry, leftBehind: ReadonlyArray<string>): boolean => {
    for (const held of leftBehind) for (const scope of entry.scopes) if (scopesIntersect(scope, held)) return true;
    return false;
  };

  /** Walks the queue from the head and releases everything that may go now. */
  const releaseReady = (out: SseEvent[]): void => {
    const leftBehind: string[] = [];
    let orderedLeftBehind = false;
    let write = 0;
    let index = 0;
    for (; index < queue.length; index++) {
      const entry = queue[index] as Entry;
      const hasText = entry.textLength > 0;
      const blocked = (entry.ordered && orderedLeftBehind) || (leftBehind.length > 0 && overlaps(entry, leftBehind));
      // Text not scanned yet, or in the scan in flight: nothing after it may go before the verdict.
      // Only text that is merely held back (scanned, kept as overlap) can be overtaken.
      if (hasText && (entry.sequence >= firstUnscannedSequence || inFlight(entry))) {
        // A role or tool call id that arrived with text goes out at once, as OpenAI itself sends it.
        if (!blocked && hasOpening(entry)) releaseHead(entry, entry.slots.map(() => 0), out);
        break;
      }
      if (!blocked) {
        if (!hasText) {
          releaseWhole(entry, out);
          continue;
        }
        if (releaseText(entry, out)) continue;
      }
      queue[write++] = entry;
      for (const scope of entry.scopes) leftBehind.push(scope);
      if (entry.ordered) orderedLeftBehind = true;
      if (entry.scopes.includes(GLOBAL_SCOPE)) {
        index++;
        break;
      }
    }
    if (write === index) return;
    while (index < queue.length) queue[write++] = queue[index++] as Entry;
    queue.length = write;
  };

  const startScanIfDue = (now: number): WindowScan | undefined => {
    if (pendingScan !== undefined || terminated || pendingChars === 0) return undefined;
    const final = ended || endMarkerSeen;
    if (!final && pendingChars < windowChars && !(now - oldestPendingAt >= flushMs)) return undefined;
    const id = nextScanId++;
    const parts: WindowScan["parts"] = [];
    const covered: CoveredKey[] = [];
    for (const key of keys.values()) {
      if (key.unreleasedLength <= key.approved) continue;
      let text = "";
      for (const slot of key.slots) text += slot.text;
      parts.push({ key: key.name, text, heldLength: key.approved });
      covered.push({ key, length: key.unreleasedLength, text, slots: key.slots.slice() });
      key.inFlight = true;
    }
    firstUnscannedSequence = pushCount;
    pendingChars = 0;
    pendingScan = { id, covered };
    return { id, parts, final };
  };

  /** The key's scanned text becomes the replacement: its first unreleased slot carries all of it, the others "". */
  const applyReplacement = (covered: CoveredKey, replacement: string): void => {
    let first = true;
    for (const slot of covered.slots) {
      if (slot.released) continue;
      const text = first ? replacement : "";
      first = false;
      slot.entry.textLength += text.length - slot.text.length;
      slot.entry.rewritten = true;
      slot.text = text;
    }
    covered.key.unreleasedLength += replacement.length - covered.length;
    covered.key.approved = replacement.length;
  };

  const isDone = (): boolean => terminated || (ended && queue.length === 0 && pendingScan === undefined);

  const step = (release: SseEvent[], scan?: WindowScan): StreamStep => {
    const result: StreamStep = { release, done: isDone(), terminated };
    if (scan !== undefined) result.scan = scan;
    if (!result.done && pendingScan === undefined && pendingChars > 0 && flushMs !== Infinity) {
      result.nextDeadline = oldestPendingAt + flushMs;
    }
    return result;
  };

  const terminate = (): StreamStep => {
    terminated = true;
    queue.length = 0;
    pendingScan = undefined;
    pendingChars = 0;
    return { release: tracker.terminate(), done: true, terminated: true };
  };

  const describe = (event: SseEvent): EventDescription => {
    try {
      return handler.describe(event);
    } catch {
      // Malformed events (e.g. non-string data) pass through as non-text events, in order.
      return globalDescription(undefined, undefined);
    }
  };

  /** Builds the entry of an event and registers its text with its keys (the caller queues it). */
  const createEntry = (event: SseEvent, description: EventDescription): Entry => {
    const descriptionSlots = description.slots;
    const structural = description.scopes;
    const opening = description.openingScopes;
    const entry: Entry = {
      event,
      type: description.type,
      completes: description.completes,
      payload: description.keepPayload === true ? description.payload : undefined,
      sequence: pushCount++,
      slots: NO_SLOTS,
      scopes: structural,
      ordered: structural.length > 0 || descriptionSlots.length === 0,
      afterOpening: undefined,
      textLength: 0,
      rewritten: false,
      headReleased: false,
    };
    let textScopes: ReadonlyArray<string> | undefined;
    for (let position = 0; position < descriptionSlots.length; position++) {
      const slotDescription = descriptionSlots[position] as EventDescription["slots"][number];
      const scope = slotDescription.scope ?? slotDescription.key;
      const key = getKey(slotDescription.key, scope);
      // Text deltas, even empty ones, must not overtake held text of their own key.
      if (position === 0 && descriptionSlots.length === 1 && scope === key.scope) textScopes = key.scopeList;
      else {
        if (position === 0) textScopes = [];
        (textScopes as string[]).push(scope);
      }
      const length = slotDescription.text.length;
      if (length === 0) continue;
      const slot: Slot = { key, entry, path: slotDescription.path, text: slotDescription.text, released: false };
      if (entry.slots === NO_SLOTS) entry.slots = [slot];
      else (entry.slots as Slot[]).push(slot);
      key.slots.push(slot);
      key.unreleasedLength += length;
      entry.textLength += length;
    }
    if (textScopes !== undefined) entry.scopes = structural.length === 0 ? textScopes : structural.concat(textScopes);
    if (opening !== undefined && opening.length > 0) {
      const remaining = structural.filter((scope) => !opening.includes(scope));
      entry.afterOpening = {
        scopes: textScopes === undefined ? remaining : remaining.concat(textScopes),
        ordered: remaining.length > 0,
      };
    }
    return entry;
  };

  return {
    push(event, now) {
      const time = clock(now);
      if (terminated || ended || typeof event !== "object" || event === null) return step([]);
      const description = describe(event);
      tracker.observe(description);
      const entry = createEntry(event, description);
      if (entry.textLength > 0) {
        if (pendingChars === 0) oldestPendingAt = time;
        pendingChars += entry.textLength;
      }
      queue.push(entry);
      if (description.endMarker) endMarkerSeen = true;
      if (description.completes.length > 0) markComplete(description.completes);
      const release: SseEvent[] = [];
      // A text event cannot be released before it is scanned (except for its opening fields);
      // anything else may unblock the queue.
      if (entry.textLength === 0 || description.completes.length > 0 || hasOpening(entry)) releaseReady(release);
      return step(release, startScanIfDue(time));
    },
    end(now) {
      const time = clock(now);
      if (terminated || ended) return step([]);
      ended = true;
      markComplete([GLOBAL_SCOPE]);
      const release: SseEvent[] = [];
      releaseReady(release);
      return step(release, startScanIfDue(time));
    },
    tick(now) {
      const time = clock(now);
      if (terminated) return step([]);
      return step([], startScanIfDue(time));
    },
    resolveScan(scanId, verdict, now) {
      const time = clock(now);
      if (terminated || pendingScan === undefined || pendingScan.id !== scanId) return step([]);
      const scan = pendingScan;
      pendingScan = undefined;
      for (const covered of scan.covered) covered.key.inFlight = false;
      const outcome = readWindowVerdict(verdict);
      if (outcome === "block") return terminate();
      for (const covered of scan.covered) {
        const replacement = outcome === "allow" ? undefined : outcome.get(covered.key.name);
        if (replacement === undefined || replacement === covered.text) covered.key.approved = covered.length;
        else applyReplacement(covered, replacement);
      }
      const release: SseEvent[] = [];
      releaseReady(release);
      return step(release, startScanIfDue(time));
    },
  };
}
