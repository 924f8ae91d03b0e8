import type { JsonPath } from "@akto-guardrails/core";
import type { ExtractedPart } from "./create-extractor";

/**
 * Core's pipeline works on API shapes, so a custom route's texts are scanned as a chat request:
 * one user message per extracted text, in order.
 */
export function syntheticChatRequest(parts: ReadonlyArray<ExtractedPart>): { messages: Array<{ role: "user"; content: string }> } {
  return { messages: parts.map((part) => ({ role: "user", content: part.text })) };
}

/** Where part `index`'s text sits in the synthetic chat request. */
export function syntheticMessagePath(index: number): JsonPath {
  return ["messages", index, "content"];
}
