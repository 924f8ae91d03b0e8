import { diffSequences, type TextEdit } from "./diff-text";

/** What the projection separates the original texts with. */
export const SEGMENT_SEPARATOR = "\n";

export type ProjectTextEditsResult = { success: true; texts: string[] } | { success: false; reason: string };

export interface ProjectTextEditsOptions {
  /** The most inserted plus deleted tokens (words and whitespace characters) before giving up. Default 4096. */
  readonly maxEditDistance?: number;
}

/**
 * Projects an edited text back onto the texts it was made from. The originals are
 * joined with {@link SEGMENT_SEPARATOR}; `candidate` is that joined text as
 * another service edited it. Returns each original text with the edits that fall
 * inside it.
 *
 * - A separator may come back as any whitespace (a service may join with " "); the
 *   candidate is first lined up with separators matching only themselves.
 * - Whitespace-only edits at a text's start or end are separator noise and ignored;
 *   blank texts take no part (nothing to redact) and are returned unchanged.
 * - Anything that cannot be placed unambiguously fails: an edit that spans two texts
 *   or removes a separator (including a candidate that lacks some of the texts: a
 *   crafted text equal to another's redacted form would otherwise keep that one
 *   unredacted), an insertion at a text's edge that contains whitespace (it could
 *   belong to either side), or a text that would become empty.
 */
export function projectTextEdits(
  originals: ReadonlyArray<string>,
  candidate: string,
  options: ProjectTextEditsOptions = {},
): ProjectTextEditsResult {
  // Blank texts hold nothing to redact, and the separators around them would sit side by side where a
  // moved boundary could not be told apart; they take no part and stay as they are.
  const nonBlank: number[] = [];
  originals.forEach((original, index) => {
    if (!isAllWhitespace(original, 0, original.length)) nonBlank.push(index);
  });
  const texts = nonBlank.length === originals.length ? originals : nonBlank.map((index) => originals[index] as string);
  // First let separators match only themselves, so they cannot pair with spaces inside the texts; only
  // if the candidate joins texts differently, let a separator match any whitespace.
  let projected = projectOntoTexts(texts, candidate, options, false);
  if (!projected.success) projected = projectOntoTexts(texts, candidate, options, true);
  if (!projected.success || texts === originals) return projected;
  const merged = originals.slice();
  nonBlank.forEach((index, position) => {
    merged[index] = projected.texts[position] as string;
  });
  return { success: true, texts: merged };
}

function projectOntoTexts(
  originals: ReadonlyArray<string>,
  candidate: string,
  options: ProjectTextEditsOptions,
  separatorMatchesAnyWhitespace: boolean,
): ProjectTextEditsResult {
  const count = originals.length;
  if (count === 0) {
    return isAllWhitespace(candidate, 0, candidate.length)
      ? { success: true, texts: [] }
      : { success: false, reason: "there is no text to place the edits in" };
  }
  const joined = originals.join(SEGMENT_SEPARATOR);
  const starts: number[] = [];
  const ends: number[] = [];
  let position = 0;
  for (const original of originals) {
    starts.push(position);
    position += original.length;
    ends.push(position);
    position += SEGMENT_SEPARATOR.length;
  }

  // Diffing whole words and single whitespace characters, not characters, keeps the letters of a
  // placeholder like "[REDACTED]" from pairing with letters of the text around it.
  const before = tokenize(joined);
  const after = tokenize(candidate);
  const isSeparator = new Uint8Array(before.tokens.length);
  for (let segment = 0, token = 0; segment < count - 1; segment += 1) {
    while ((before.offsets[token] as number) < (ends[segment] as number)) token += 1;
    isSeparator[token] = 1;
  }
  const equals = (beforeIndex: number, afterIndex: number): boolean => {
    const afterToken = after.tokens[afterIndex] as string;
    if (isSeparator[beforeIndex] === 1) {
      return separatorMatchesAnyWhitespace ? isWhitespaceCode(afterToken.charCodeAt(0)) : afterToken === SEGMENT_SEPARATOR;
    }
    return before.tokens[beforeIndex] === afterToken;
  };
  const toCharacters = (edit: TextEdit): TextEdit => ({
    beforeStart: before.offsets[edit.beforeStart] as number,
    beforeEnd: before.offsets[edit.beforeEnd] as number,
    afterStart: after.offsets[edit.afterStart] as number,
    afterEnd: after.offsets[edit.afterEnd] as number,
  });
  const beforeCount = before.tokens.length;
  const afterCount = after.tokens.length;
  const layout: Layout = { originals, joined, candidate, starts, ends };

  const forward = diffSequences(beforeCount, afterCount, equals, options.maxEditDistance);
  if (!forward.success) return { success: false, reason: forward.error };
  const projected = placeEdits(layout, forward.edits.map(toCharacters));
  if (!projected.success) return projected;

  // Minimal edit scripts are not unique. Diffing the reversed sequences prefers the opposite alignment
  // wherever there is a tie; if the two disagree on any text, where an edit belongs is a guess.
  const backward = diffSequences(
    beforeCount,
    afterCount,
    (beforeIndex, afterIndex) => equals(beforeCount - 1 - beforeIndex, afterCount - 1 - afterIndex),
    options.maxEditDistance,
  );
  if (!backward.success) return { success: false, reason: backward.error };
  const backwardEdits = backward.edits.reverse().map((edit) =>
    toCharacters({
      beforeStart: beforeCount - edit.beforeEnd,
      beforeEnd: beforeCount - edit.beforeStart,
      afterStart: afterCount - edit.afterEnd,
      afterEnd: afterCount - edit.afterStart,
    }),
  );
  const alternative = placeEdits(layout, backwardEdits);
  if (!alternative.success) return alternative;
  if (alternative.texts.some((text, index) => text !== projected.texts[index])) {
    return { success: false, reason: "the edits could be placed in more than one way" };
  }
  return projected;
}

interface Tokens {
  /** Words (runs of non-whitespace) and single whitespace characters, in order. */
  readonly tokens: string[];
  /** Start offset of each token, plus the text's length at the end. */
  readonly offsets: number[];
}

function tokenize(text: string): Tokens {
  const tokens: string[] = [];
  const offsets: number[] = [];
  let index = 0;
  while (index < text.length) {
    const start = index;
    if (isWhitespaceCode(text.charCodeAt(index))) index += 1;
    else while (index < text.length && !isWhitespaceCode(text.charCodeAt(index))) index += 1;
    tokens.push(text.slice(start, index));
    offsets.push(start);
  }
  offsets.push(text.length);
  return { tokens, offsets };
}

interface Layout {
  readonly originals: ReadonlyArray<string>;
  readonly joined: string;
  readonly candidate: string;
  readonly starts: ReadonlyArray<number>;
  readonly ends: ReadonlyArray<number>;
}

/** Assigns each edit to the text it falls in and applies them. */
function placeEdits({ originals, joined, candidate, starts, ends }: Layout, edits: ReadonlyArray<TextEdit>): ProjectTextEditsResult {
  const count = originals.length;
  const editsBySegment: TextEdit[][] = originals.map(() => []);
  let segment = 0;
  for (const edit of edits) {
    while (segment < count - 1 && edit.beforeStart > (ends[segment] as number)) segment += 1;
    const start = starts[segment] as number;
    const end = ends[segment] as number;
    // Removing a separator means the candidate's texts do not line up with ours. A text missing from the
    // candidate is not accepted either: a crafted text equal to another's redacted form would be kept unredacted.
    if (edit.beforeEnd > end) return { success: false, reason: "an edit spans two texts" };
    const touchesStart = edit.beforeStart === start;
    const touchesEnd = edit.beforeEnd === end;
    let afterStart = edit.afterStart;
    let afterEnd = edit.afterEnd;
    if (touchesStart || touchesEnd) {
      // Whitespace-only changes at a text's edge are separator noise (a service may join with "\n\n",
      // trim, or keep blank texts we leave out), and so is whitespace around an insertion there.
      if (touchesStart) while (afterStart < afterEnd && isWhitespaceCode(candidate.charCodeAt(afterStart))) afterStart += 1;
      if (touchesEnd) while (afterEnd > afterStart && isWhitespaceCode(candidate.charCodeAt(afterEnd - 1))) afterEnd -= 1;
      if (afterStart === afterEnd && isAllWhitespace(joined, edit.beforeStart, edit.beforeEnd)) continue;
      // Whitespace inside an insertion at an edge could put the boundary on either side of it.
      if (!isFreeOfWhitespace(candidate, afterStart, afterEnd)) {
        const nextToSeparator = (touchesStart && segment > 0) || (touchesEnd && segment < count - 1);
        return {
          success: false,
          reason: nextToSeparator
            ? "an insertion at a boundary between two texts could not be placed"
            : "an insertion at the edge of the text could not be placed",
        };
      }
    }
    (editsBySegment[segment] as TextEdit[]).push({ beforeStart: edit.beforeStart, beforeEnd: edit.beforeEnd, afterStart, afterEnd });
  }

  const texts = originals.map((original, index) => {
    const segmentEdits = editsBySegment[index] as TextEdit[];
    if (segmentEdits.length === 0) return original;
    let text = "";
    let cursor = starts[index] as number;
    for (const edit of segmentEdits) {
      text += joined.slice(cursor, edit.beforeStart) + candidate.slice(edit.afterStart, edit.afterEnd);
      cursor = edit.beforeEnd;
    }
    return text + joined.slice(cursor, ends[index] as number);
  });
  // Services replace spans, they do not delete whole texts (all texts here are non-blank): a text that
  // would end up blank means the candidate does not line up with ours, so nothing is guessed.
  if (texts.some((text) => isAllWhitespace(text, 0, text.length))) return { success: false, reason: "a text would be removed entirely" };
  return { success: true, texts };
}

function isWhitespaceCode(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isAllWhitespace(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) if (!isWhitespaceCode(text.charCodeAt(index))) return false;
  return true;
}

function isFreeOfWhitespace(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) if (isWhitespaceCode(text.charCodeAt(index))) return false;
  return true;
}
