import { extractRequestTexts } from "../shapes/extract-request-texts";
import { extractResponseTexts } from "../shapes/extract-response-texts";
import { getAtPath } from "../shapes/json-path";
import type { DetectedShape, Extraction, Stage, TextSegment } from "../shapes/types";
import { isPlainObject, safeParseJson } from "../util/json";
import { applySegmentTexts } from "./apply-segment-texts";
import { collectStringLeaves } from "./collect-string-leaves";
import { differsOutsidePaths } from "./differs-outside-paths";
import { projectTextEdits, SEGMENT_SEPARATOR } from "./project-text-edits";

/** What {@link mapModifiedPayload} needs: the original body, its extraction and Akto's `ModifiedPayload`. */
export interface MapModifiedPayloadInput {
  readonly shape: DetectedShape;
  readonly stage: Stage;
  /** The body exactly as it was sent to Akto (inside `{"body": …}`). Never mutated. */
  readonly body: unknown;
  /** `extractRequestTexts` / `extractResponseTexts` of `body`. */
  readonly extraction: Extraction;
  /** Akto's `ModifiedPayload` string. */
  readonly modifiedPayload: string;
}

/**
 * The sanitized body to forward, or why Akto's redaction cannot be applied (the
 * caller must then block: never forward unsanitized text when Akto asked for redaction).
 *
 * - `body`: the original body with only the extracted texts changed (the original
 *   object itself when nothing changed).
 * - `changedSegments`: indexes into `extraction.segments` whose text changed.
 * - `method`: `mirror` when Akto returned the whole body, `diff` when its edits were
 *   projected from a text (field-mapped `{"text": …}` wrapper or a non-JSON payload).
 * - `ignoredNonTextChanges`: Akto changed something outside the texts (model, tools,
 *   parameters, URLs, added messages, non-string values); those changes were not applied.
 */
export type ModifiedPayloadMapping =
  | { ok: true; body: unknown; changedSegments: number[]; method: "mirror" | "diff"; ignoredNonTextChanges: boolean }
  | { ok: false; reason: string };

/**
 * Maps Akto's `ModifiedPayload` back onto the original body.
 *
 * 1. Mirror: when the payload parses to the body (unwrapping `{"body": …}`) and its
 *    extraction has the same segment paths and kinds (extra segments after all of
 *    ours are tolerated and ignored), each segment takes the payload's text.
 * 2. Diff (fallback): the payload's string leaves (or the raw string) are diffed
 *    against our texts joined with "\n", and each edit is placed in the text it
 *    falls in; edits that cannot be placed unambiguously give `ok: false`.
 *
 * An empty payload, or one identical to what was sent, maps to no change. Never throws.
 */
export function mapModifiedPayload(input: MapModifiedPayloadInput): ModifiedPayloadMapping {
  try {
    return mapOrFail(input);
  } catch (error) {
    return { ok: false, reason: `the modified payload could not be mapped: ${error instanceof Error ? error.message : "unknown error"}` };
  }
}

function mapOrFail({ shape, stage, body, extraction, modifiedPayload }: MapModifiedPayloadInput): ModifiedPayloadMapping {
  if (typeof modifiedPayload !== "string") return { ok: false, reason: "the modified payload is not a string" };
  if (modifiedPayload.trim() === "") return unchanged(body, "mirror", false);

  const parsed = safeParseJson(modifiedPayload);
  if (!parsed.success) return mapByDiff(body, extraction, modifiedPayload, false);
  const payload = parsed.value;
  const candidate: unknown = isPlainObject(payload) && Object.hasOwn(payload, "body") ? payload["body"] : payload;
  const segments = extraction.segments;

  if (segments.length === 0 || shape === "unknown") {
    // Nothing we understand to put a redaction in: any change at all is one we cannot apply.
    return differsOutsidePaths(body, candidate, [])
      ? { ok: false, reason: "the redaction could not be placed: the body has no recognised text to apply it to" }
      : unchanged(body, "mirror", false);
  }

  if (typeof candidate === "object" && candidate !== null) {
    const candidateExtraction = stage === "input" ? extractRequestTexts(shape, candidate) : extractResponseTexts(shape, candidate);
    if (sameSegmentLayout(segments, candidateExtraction.segments)) {
      return mapByMirror(body, segments, candidate, candidateExtraction.segments);
    }
  }

  if (typeof candidate === "string") return mapByDiff(body, extraction, candidate, false);
  const leaves = collectStringLeaves(candidate);
  return mapByDiff(body, extraction, leaves.strings.join(SEGMENT_SEPARATOR), leaves.hasOtherLeaves);
}

function unchanged(body: unknown, method: "mirror" | "diff", ignoredNonTextChanges: boolean): ModifiedPayloadMapping {
  return { ok: true, body, changedSegments: [], method, ignoredNonTextChanges };
}

/** Our segments are, in order, a prefix of the candidate's: same paths, kinds and encodings. */
function sameSegmentLayout(ours: ReadonlyArray<TextSegment>, theirs: ReadonlyArray<TextSegment>): boolean {
  if (theirs.length < ours.length) return false;
  for (let index = 0; index < ours.length; index += 1) {
    const our = ours[index] as TextSegment;
    const their = theirs[index] as TextSegment;
    if (our.kind !== their.kind || our.encoding !== their.encoding || our.path.length !== their.path.length) return false;
    for (let depth = 0; depth < our.path.length; depth += 1) if (our.path[depth] !== their.path[depth]) return false;
  }
  return true;
}

function mapByMirror(
  body: unknown,
  segments: ReadonlyArray<TextSegment>,
  candidate: unknown,
  candidateSegments: ReadonlyArray<TextSegment>,
): ModifiedPayloadMapping {
  const replacements = new Map<number, string>();
  segments.forEach((segment, index) => {
    const theirs = candidateSegments[index] as TextSegment;
    if (segment.text === theirs.text) return;
    // JSON values compare by structure: a re-serialising service may only have reordered keys.
    if (segment.encoding === "json" && !differsOutsidePaths(getAtPath(body, segment.path), getAtPath(candidate, theirs.path), [])) return;
    replacements.set(index, theirs.text);
  });
  const ignoredNonTextChanges =
    candidateSegments.length > segments.length || differsOutsidePaths(body, candidate, segments.map((segment) => segment.path));
  if (replacements.size === 0) return unchanged(body, "mirror", ignoredNonTextChanges);
  const applied = applySegmentTexts(body, segments, replacements);
  if (!applied.success) return { ok: false, reason: `the redaction could not be applied: ${applied.error}` };
  return { ok: true, body: applied.value, changedSegments: [...replacements.keys()], method: "mirror", ignoredNonTextChanges };
}

function mapByDiff(body: unknown, extraction: Extraction, candidateText: string, ignoredNonTextChanges: boolean): ModifiedPayloadMapping {
  const segments = extraction.segments;
  const projection = projectTextEdits(
    segments.map((segment) => segment.text),
    candidateText,
  );
  if (!projection.success) return { ok: false, reason: `the redaction could not be placed: ${projection.reason}` };
  const replacements = new Map<number, string>();
  projection.texts.forEach((text, index) => {
    if (text !== (segments[index] as TextSegment).text) replacements.set(index, text);
  });
  if (replacements.size === 0) return unchanged(body, "diff", ignoredNonTextChanges);
  const applied = applySegmentTexts(body, segments, replacements);
  if (!applied.success) return { ok: false, reason: `the redaction could not be applied: ${applied.error}` };
  return { ok: true, body: applied.value, changedSegments: [...replacements.keys()], method: "diff", ignoredNonTextChanges };
}
