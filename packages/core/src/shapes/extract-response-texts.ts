import type { ExtractionBuilder } from "./extraction-builder";
import { extractAnthropicMessagesResponse } from "./extractors/anthropic-messages-response";
import { extractOpenAIChatResponse } from "./extractors/openai-chat-response";
import { extractOpenAICompletionsResponse } from "./extractors/openai-completions-response";
import { extractOpenAIResponsesResponse } from "./extractors/openai-responses-response";
import { extractTexts, type BodyExtractor } from "./extract-texts";
import type { DetectedShape, Extraction } from "./types";

/** Embeddings responses are vectors: nothing to scan and nothing left unscanned. */
function extractNothing(_builder: ExtractionBuilder, _body: Record<string, unknown>): void {}

const responseExtractors: Readonly<Record<DetectedShape, BodyExtractor | undefined>> = {
  "openai.chat": extractOpenAIChatResponse,
  "openai.completions": extractOpenAICompletionsResponse,
  "openai.responses": extractOpenAIResponsesResponse,
  "openai.embeddings": extractNothing,
  "anthropic.messages": extractAnthropicMessagesResponse,
  unknown: undefined,
};

/**
 * Every scannable text of a JSON (non-streaming) LLM response body (stage
 * `output`); same guarantees as {@link extractRequestTexts}.
 */
export function extractResponseTexts(shape: DetectedShape, body: unknown): Extraction {
  return extractTexts(shape, "output", body, Object.hasOwn(responseExtractors, shape) ? responseExtractors[shape] : undefined);
}
