import type { DetectedShape } from "../shapes/types";
import type { StreamFormat } from "./types";

/** The stream format of an API shape's SSE responses; `undefined` for shapes that never stream (embeddings, unknown). */
export function streamFormatForShape(shape: DetectedShape): StreamFormat | undefined {
  switch (shape) {
    case "openai.chat":
    case "openai.completions":
    case "openai.responses":
    case "anthropic.messages":
      return shape;
    default:
      return undefined;
  }
}
