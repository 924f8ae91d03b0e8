import { extractAnthropicMessagesRequest } from "./extractors/anthropic-messages-request";
import { extractOpenAIChatRequest } from "./extractors/openai-chat-request";
import { extractOpenAICompletionsRequest } from "./extractors/openai-completions-request";
import { extractOpenAIEmbeddingsRequest } from "./extractors/openai-embeddings-request";
import { extractOpenAIResponsesRequest } from "./extractors/openai-responses-request";
import { extractTexts, type BodyExtractor } from "./extract-texts";
import type { DetectedShape, Extraction } from "./types";

const requestExtractors: Readonly<Record<DetectedShape, BodyExtractor | undefined>> = {
  "openai.chat": extractOpenAIChatRequest,
  "openai.completions": extractOpenAICompletionsRequest,
  "openai.responses": extractOpenAIResponsesRequest,
  "openai.embeddings": extractOpenAIEmbeddingsRequest,
  "anthropic.messages": extractAnthropicMessagesRequest,
  unknown: undefined,
};

/**
 * Every scannable text of an LLM request body, in document order, with its JSON
 * path, role and kind (stage `input`), plus the parts that could not be scanned.
 * Never throws: an unknown shape, a non-object body or fields of the wrong type
 * produce {@link UnscannedPart}s, so a body is never silently treated as clean.
 */
export function extractRequestTexts(shape: DetectedShape, body: unknown): Extraction {
  return extractTexts(shape, "input", body, Object.hasOwn(requestExtractors, shape) ? requestExtractors[shape] : undefined);
}
