import type { ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import { extractStringOrStringArray } from "./string-or-string-array";

/** OpenAI Embeddings request: `input`. (The response is vectors only: nothing to extract.) */
export function extractOpenAIEmbeddingsRequest(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const input = getOwnProperty(body, "input");
  if (input == null) builder.unscanned([], "input is missing");
  else extractStringOrStringArray(builder, input, "input", "input");
}
