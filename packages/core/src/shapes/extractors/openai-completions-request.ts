import type { ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import { extractStringOrStringArray } from "./string-or-string-array";

/** OpenAI legacy Completions request: `prompt` and `suffix`. */
export function extractOpenAICompletionsRequest(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const prompt = getOwnProperty(body, "prompt");
  if (prompt == null) builder.unscanned([], "prompt is missing");
  else extractStringOrStringArray(builder, prompt, "prompt", "prompt");
  const suffix = getOwnProperty(body, "suffix");
  if (typeof suffix === "string") builder.text(["suffix"], "prompt", "text", suffix);
  else if (suffix != null) builder.unscanned(["suffix"], "suffix is not a string");
}
