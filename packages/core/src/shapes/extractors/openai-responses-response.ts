import type { ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import { extractResponsesItem } from "./openai-responses-item";

/** OpenAI Responses JSON response: every `output[]` item. */
export function extractOpenAIResponsesResponse(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const output = getOwnProperty(body, "output");
  if (output === undefined) builder.unscanned([], "output is missing");
  else if (!Array.isArray(output)) builder.unscanned(["output"], "output is not an array");
  else output.forEach((item: unknown, index) => extractResponsesItem(builder, item, ["output", index], "assistant"));
}
