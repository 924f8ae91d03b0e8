/** A harmless chat request: nothing in it matches a mock-akto policy, so only the fault decides. */
export const CHAT_REQUEST = {
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "[[reply:The weather is mild today.]] What is the weather like?" }],
};

/** A harmless chat completion, as an upstream would answer. */
export const CHAT_COMPLETION = {
  id: "chatcmpl-matrix",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "The weather is mild today.", refusal: null }, finish_reason: "stop", logprobs: null }],
  usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 },
};

export const CHAT_PATH = "/v1/chat/completions";
