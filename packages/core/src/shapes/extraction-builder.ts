import type { DetectedShape, Extraction, JsonPath, SegmentKind, SegmentRole, Stage, TextSegment, UnscannedPart } from "./types";

/** Collects segments and unscanned parts while an extractor walks a body. */
export interface ExtractionBuilder {
  text(path: JsonPath, role: SegmentRole, kind: SegmentKind, text: string): void;
  /** A segment whose value is arbitrary JSON (Anthropic `tool_use.input`); scanned as its JSON text. */
  json(path: JsonPath, role: SegmentRole, kind: SegmentKind, value: unknown): void;
  unscanned(path: JsonPath, reason: string): void;
  build(): Extraction;
}

export function createExtractionBuilder(shape: DetectedShape, stage: Stage): ExtractionBuilder {
  const segments: TextSegment[] = [];
  const unscanned: UnscannedPart[] = [];
  return {
    text(path, role, kind, text) {
      segments.push({ path, role, kind, text });
    },
    json(path, role, kind, value) {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch {
        text = undefined; // cycles or BigInt: only possible for bodies that did not come from JSON
      }
      if (text === undefined) unscanned.push({ path, reason: "value cannot be serialised as JSON" });
      else segments.push({ path, role, kind, text, encoding: "json" });
    },
    unscanned(path, reason) {
      unscanned.push({ path, reason });
    },
    build() {
      return { shape, stage, segments, unscanned };
    },
  };
}

/** A short, printable description of an untrusted type tag for unscanned reasons. */
export function describeType(value: unknown): string {
  if (typeof value !== "string") return value === undefined ? "(missing)" : `(${value === null ? "null" : typeof value})`;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
