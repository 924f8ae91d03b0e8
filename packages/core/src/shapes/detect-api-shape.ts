import { isPlainObject } from "../util/json";
import { getOwnProperty } from "./own-property";
import type { ApiShape, DetectedShape } from "./types";

/** Path segments that name an API resource; any of them in a path means the path decides. */
const resourceSegments: ReadonlySet<string> = new Set(["completions", "responses", "embeddings", "messages", "threads", "batches"]);

/** Message roles and content block types only one of the two message APIs accepts. */
const openAIOnlyRoles: ReadonlySet<string> = new Set(["system", "developer", "tool", "function"]);
const anthropicOnlyBlockTypes: ReadonlySet<string> = new Set(["tool_use", "tool_result", "thinking", "redacted_thinking", "document", "server_tool_use"]);
const anthropicOnlyFields: ReadonlyArray<string> = ["system", "anthropic_version", "stop_sequences", "top_k"];
const openAIOnlyChatFields: ReadonlyArray<string> = [
  "n",
  "frequency_penalty",
  "presence_penalty",
  "logprobs",
  "top_logprobs",
  "logit_bias",
  "response_format",
  "seed",
  "max_completion_tokens",
  "stream_options",
  "parallel_tool_calls",
  "functions",
  "function_call",
  "modalities",
  "audio",
  "prediction",
  "reasoning_effort",
  "user",
];
/** Fields only a Responses create request has (besides `instructions`). */
const responsesOnlyFields: ReadonlyArray<string> = ["previous_response_id", "max_output_tokens", "reasoning", "text", "include", "conversation", "truncation", "background"];

/**
 * Identifies the LLM API of a request from its route, falling back to the body
 * when the route says nothing.
 *
 * The path decides whenever it names an API resource: the query string is
 * ignored and any prefix is tolerated (`/openai/v1/chat/completions`,
 * `/chat/completions`, Azure deployment paths). A path that names a resource
 * other than a guarded create call (`/v1/responses/{id}`, `/v1/messages/count_tokens`,
 * `/v1/messages/batches`, `/v1/threads/{id}/messages`) is `unknown` and the
 * body is not consulted. Otherwise the body decides: `messages` (Anthropic when
 * it carries Anthropic-only markers), `input` (Responses or Embeddings by their
 * markers), `prompt` (Completions). Never throws.
 */
export function detectApiShape(path: string | undefined, body: unknown): DetectedShape {
  const fromPath = typeof path === "string" ? detectFromPath(path) : undefined;
  if (fromPath !== undefined) return fromPath;
  try {
    return isPlainObject(body) ? detectFromBody(body) : "unknown";
  } catch {
    return "unknown"; // exotic objects whose getters throw
  }
}

/** `undefined` when the path names no API resource at all. */
function detectFromPath(rawPath: string): DetectedShape | undefined {
  let path = rawPath;
  const queryStart = path.search(/[?#]/);
  if (queryStart !== -1) path = path.slice(0, queryStart);
  const schemeEnd = path.indexOf("://");
  if (schemeEnd !== -1) {
    const pathStart = path.indexOf("/", schemeEnd + 3);
    path = pathStart === -1 ? "" : path.slice(pathStart);
  }
  const segments = path.toLowerCase().split("/").filter((segment) => segment !== "");
  const last = segments[segments.length - 1];
  const beforeLast = segments[segments.length - 2];
  const earlier = segments.slice(0, -1);
  // `/v1/chat/completions/{id}/messages` and `/v1/threads/{id}/messages` are not Anthropic.
  const earlierNamesResource = earlier.some((segment) => resourceSegments.has(segment));
  if (last === "completions" && !earlierNamesResource) return beforeLast === "chat" ? "openai.chat" : "openai.completions";
  if (!earlierNamesResource) {
    const shape = last === undefined ? undefined : shapeOfLastSegment.get(last);
    if (shape !== undefined) return shape;
  }
  return segments.some((segment) => resourceSegments.has(segment)) ? "unknown" : undefined;
}

const shapeOfLastSegment: ReadonlyMap<string, ApiShape> = new Map<string, ApiShape>([
  ["responses", "openai.responses"],
  ["embeddings", "openai.embeddings"],
  ["messages", "anthropic.messages"],
]);

function detectFromBody(body: Record<string, unknown>): DetectedShape {
  const messages = getOwnProperty(body, "messages");
  if (messages !== undefined) return looksLikeAnthropic(body, messages) ? "anthropic.messages" : "openai.chat";

  const input = getOwnProperty(body, "input");
  if (input !== undefined) {
    const hasItems = Array.isArray(input) && input.some((item) => isPlainObject(item));
    if (getOwnProperty(body, "instructions") !== undefined || hasItems) return "openai.responses";
    const model = getOwnProperty(body, "model");
    if (
      (typeof model === "string" && model.toLowerCase().includes("embed")) ||
      getOwnProperty(body, "encoding_format") !== undefined ||
      getOwnProperty(body, "dimensions") !== undefined
    ) {
      return "openai.embeddings";
    }
    if (responsesOnlyFields.some((field) => getOwnProperty(body, field) !== undefined)) return "openai.responses";
    return "unknown";
  }

  const prompt = getOwnProperty(body, "prompt");
  if (typeof prompt === "string" || Array.isArray(prompt)) return "openai.completions";
  // A Responses request may consist of a reusable prompt template only.
  if (isPlainObject(prompt) && typeof getOwnProperty(prompt, "id") === "string") return "openai.responses";
  return "unknown";
}

function looksLikeAnthropic(body: Record<string, unknown>, messages: unknown): boolean {
  if (anthropicOnlyFields.some((field) => getOwnProperty(body, field) !== undefined)) return true;
  if (isPlainObject(getOwnProperty(body, "thinking"))) return true;
  let openAIMarker = false;
  if (Array.isArray(messages)) {
    for (const message of messages) {
      if (!isPlainObject(message)) continue;
      const role = getOwnProperty(message, "role");
      if (typeof role === "string" && openAIOnlyRoles.has(role)) openAIMarker = true;
      if (getOwnProperty(message, "tool_calls") !== undefined) openAIMarker = true;
      const content = getOwnProperty(message, "content");
      if (Array.isArray(content) && content.some(isAnthropicOnlyBlock)) return true;
    }
  }
  if (openAIMarker) return false;
  // Both APIs accept `max_tokens`; a recognisable model name breaks the tie.
  const model = getOwnProperty(body, "model");
  if (typeof model === "string") {
    const name = model.toLowerCase();
    if (name.includes("claude")) return true;
    if (name.includes("gpt") || /^o\d/.test(name)) return false;
  }
  return getOwnProperty(body, "max_tokens") !== undefined && !openAIOnlyChatFields.some((field) => getOwnProperty(body, field) !== undefined);
}

function isAnthropicOnlyBlock(block: unknown): boolean {
  if (!isPlainObject(block)) return false;
  const type = getOwnProperty(block, "type");
  if (typeof type !== "string") return false;
  // Anthropic images carry a `source`; OpenAI's are `image_url` parts.
  return anthropicOnlyBlockTypes.has(type) || (type === "image" && isPlainObject(getOwnProperty(block, "source")));
}
