import { isPlainObject } from "../util/json";
import { createExtractionBuilder, type ExtractionBuilder } from "./extraction-builder";
import type { DetectedShape, Extraction, Stage } from "./types";

export type BodyExtractor = (builder: ExtractionBuilder, body: Record<string, unknown>) => void;

/**
 * Runs one shape's extractor behind the guarantees every caller relies on: a
 * body that is not an object or an unknown shape is reported as unscanned, and
 * nothing thrown while reading the body escapes (exotic objects can throw from getters).
 */
export function extractTexts(
  shape: DetectedShape,
  stage: Stage,
  body: unknown,
  extractor: BodyExtractor | undefined,
): Extraction {
  const builder = createExtractionBuilder(shape, stage);
  if (extractor === undefined) {
    builder.unscanned([], "unrecognised API shape");
    return builder.build();
  }
  if (!isPlainObject(body)) {
    builder.unscanned([], "body is not a JSON object");
    return builder.build();
  }
  try {
    extractor(builder, body);
    return builder.build();
  } catch (error) {
    const fallback = createExtractionBuilder(shape, stage);
    fallback.unscanned([], `extraction failed: ${error instanceof Error ? error.message : "unknown error"}`);
    return fallback.build();
  }
}
