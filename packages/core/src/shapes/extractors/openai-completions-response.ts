import { isPlainObject } from "../../util/json";
import type { ExtractionBuilder } from "../extraction-builder";
import { requiredArray } from "./required-array";
import { getOwnProperty } from "../own-property";

/** OpenAI legacy Completions JSON response: every `choices[i].text`. */
export function extractOpenAICompletionsResponse(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  requiredArray(builder, body, "choices")?.forEach((choice: unknown, index) => {
    const text = isPlainObject(choice) ? getOwnProperty(choice, "text") : undefined;
    if (typeof text === "string") builder.text(["choices", index, "text"], "output", "text", text);
    else builder.unscanned(["choices", index], "choice has no string text");
  });
}
