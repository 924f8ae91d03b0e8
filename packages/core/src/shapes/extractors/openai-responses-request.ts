import { isPlainObject } from "../../util/json";
import type { ExtractionBuilder } from "../extraction-builder";
import { getOwnProperty } from "../own-property";
import { extractResponsesItem } from "./openai-responses-item";

/** OpenAI Responses create request: `instructions`, `input` (string or items) and prompt-template variables. */
export function extractOpenAIResponsesRequest(builder: ExtractionBuilder, body: Record<string, unknown>): void {
  const instructions = getOwnProperty(body, "instructions");
  if (typeof instructions === "string") builder.text(["instructions"], "instructions", "text", instructions);
  else if (instructions != null) builder.unscanned(["instructions"], "instructions is not a string");

  const input = getOwnProperty(body, "input");
  if (typeof input === "string") builder.text(["input"], "user", "text", input);
  else if (Array.isArray(input)) input.forEach((item: unknown, index) => extractResponsesItem(builder, item, ["input", index], "user"));
  else if (input != null) builder.unscanned(["input"], "input is not a string or an array");

  // Reusable prompt templates: variable values are substituted into the prompt server-side.
  const prompt = getOwnProperty(body, "prompt");
  const variables = isPlainObject(prompt) ? getOwnProperty(prompt, "variables") : undefined;
  if (isPlainObject(variables)) {
    for (const name of Object.keys(variables)) {
      const value = variables[name];
      const path = ["prompt", "variables", name];
      if (typeof value === "string") builder.text(path, "user", "text", value);
      else if (isPlainObject(value) && getOwnProperty(value, "type") === "input_text" && typeof getOwnProperty(value, "text") === "string") {
        builder.text([...path, "text"], "user", "text", getOwnProperty(value, "text") as string);
      } else builder.unscanned(path, "prompt variable is not text");
    }
  } else if (variables != null) {
    builder.unscanned(["prompt", "variables"], "prompt variables are not an object");
  }
}
