import type { ExtractionBuilder } from "../extraction-builder";
import { requiredArray } from "./required-array";
import { extractResponsesItem } from "./openai-responses-item";

/** OpenAI Responses JSON response: every `output[]` item. */
export function extractOpenAIResponsesResponse(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  requiredArray(builder, body, "output")?.forEach((item: unknown, index) => extractResponsesItem(builder, item, ["output", index], "assistant"));
}
