/** The requests every proxy benchmark sends, so the scripts measure the same thing. */

/** A ~600-byte chat completion. */
export const chatRequest = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "You are a concise assistant for the platform team." },
    { role: "user", content: "Summarise the open tickets for the release and list the blockers. ".repeat(6) },
  ],
};
export const chatBody = JSON.stringify(chatRequest);
/** The same call streamed, asking mock-llm for a 1,500-character reply. */
export const streamBody = JSON.stringify({ ...chatRequest, stream: true, messages: [{ role: "user", content: "[[long:1500]]" }] });
export const openaiHeaders = { "content-type": "application/json", authorization: "Bearer sk-bench" };
