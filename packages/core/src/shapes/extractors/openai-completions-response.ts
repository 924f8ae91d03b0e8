import { isPlainObject } from "../../util/json";
import type { ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";

/** OpenAI legacy Completions JSON response: every `choices[i].text`. */
export function extractOpenAICompletionsResponse(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const choices = getOwnProperty(body, "choices");
  if (choices === undefined) {
    builder.unscanned([], "choices is missing");
    return;
  }
  if (!Array.isArray(choices)) {
    builder.unscanned(["choices"], "choices is not an array");
    return;
  }
  choices.forEach((choice: unknown, index) => {
    const text = isPlainObject(choice) ? getOwnProperty(choice, "text") : undefined;
    if (typeof text === "string") builder.text(["choices", index, "text"], "output", "text", text);
    else builder.unscanned(["choices", index], "choice has no string text");
  });
}
