import fc from "fast-check";

/** Values of the wrong type for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.jsonValue({ maxDepth: 2 }));
/** Mostly strings (including whitespace and separators), sometimes a wrong type. */
const text: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\n", "a\nb", "x y") },
  { weight: 1, arbitrary: wrongValue },
);

const partType = fc.constantFrom(
  "text", "input_text", "output_text", "refusal", "image_url", "input_image", "image", "tool_use", "server_tool_use",
  "tool_result", "thinking", "redacted_thinking", "document", "summary_text", "unknown_type",
);

const innerPart = fc.record({ type: partType, text, refusal: text }, { requiredKeys: ["type"] });

const part: fc.Arbitrary<unknown> = fc.record(
  {
    type: partType,
    text,
    refusal: text,
    thinking: text,
    input: fc.jsonValue({ maxDepth: 3 }),
    content: fc.oneof(text, fc.array(innerPart, { maxLength: 3 })),
    source: fc.record({ type: fc.constantFrom("text", "content", "base64", "url"), data: text, content: fc.oneof(text, fc.array(innerPart, { maxLength: 2 })) }, { requiredKeys: [] }),
  },
  { requiredKeys: ["type"] },
);

const content: fc.Arbitrary<unknown> = fc.oneof(text, fc.array(fc.oneof({ weight: 5, arbitrary: part }, { weight: 1, arbitrary: text }), { maxLength: 4 }));
const role = fc.constantFrom("user", "assistant", "system", "developer", "tool", "function", "narrator");

const functionCall = fc.record({ name: fc.string({ maxLength: 5 }), arguments: text }, { requiredKeys: [] });
const toolCall = fc.record(
  { id: fc.string({ maxLength: 5 }), type: fc.constantFrom("function", "custom"), function: functionCall, custom: fc.record({ input: text }, { requiredKeys: [] }) },
  { requiredKeys: [] },
);

const message: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 9, arbitrary: fc.record(
    { role, content, refusal: text, tool_calls: fc.oneof(fc.array(toolCall, { maxLength: 2 }), wrongValue), function_call: functionCall, name: fc.string({ maxLength: 5 }) },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: wrongValue },
);

const item: fc.Arbitrary<unknown> = fc.record(
  {
    type: fc.constantFrom("message", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output", "reasoning", "mcp_call", "item_reference", "web_search_call"),
    role,
    content,
    arguments: text,
    input: text,
    output: fc.oneof(text, fc.array(part, { maxLength: 3 })),
    summary: fc.array(fc.record({ type: fc.constant("summary_text"), text }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

const stringOrArray = fc.oneof(text, fc.array(fc.oneof(text, fc.array(fc.integer(), { maxLength: 3 })), { maxLength: 4 }), fc.array(fc.integer(), { maxLength: 3 }));

/**
 * Bodies that look like requests and responses of every supported shape, with the
 * right field names and often the wrong types: for property tests of the extractors
 * and of everything built on them.
 */
export const shapeLikeBody: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    model: fc.constantFrom("gpt-4o", "claude-sonnet-4-5", "text-embedding-3-small"),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    tools: fc.array(fc.record({ type: fc.constant("function"), name: fc.string({ maxLength: 5 }) }), { maxLength: 2 }),
    messages: fc.oneof({ weight: 6, arbitrary: fc.array(message, { maxLength: 5 }) }, { weight: 1, arbitrary: wrongValue }),
    system: content,
    prompt: stringOrArray,
    suffix: text,
    input: fc.oneof(text, fc.array(item, { maxLength: 5 }), stringOrArray),
    instructions: text,
    choices: fc.array(fc.record({ index: fc.nat(3), message, text }, { requiredKeys: [] }), { maxLength: 3 }),
    output: fc.array(item, { maxLength: 4 }),
    content: fc.oneof(fc.array(part, { maxLength: 4 }), wrongValue),
  },
  { requiredKeys: [] },
).map((body) => JSON.parse(JSON.stringify(body)) as Record<string, unknown>);
