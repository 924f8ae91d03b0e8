import { isPlainObject } from "../util/json";

/** A verdict as the guard applies it: sanitize becomes the replacement text per key. */
export type WindowOutcome = "allow" | "block" | Map<string, string>;

/** Reads a verdict defensively: anything malformed fails closed (`block`). */
export function readWindowVerdict(verdict: unknown): WindowOutcome {
  if (!isPlainObject(verdict)) return "block";
  if (verdict.action === "allow") return "allow";
  if (verdict.action !== "sanitize" || !Array.isArray(verdict.parts)) return "block";
  const replacements = new Map<string, string>();
  for (const part of verdict.parts as unknown[]) {
    if (!isPlainObject(part) || typeof part.key !== "string" || typeof part.text !== "string") return "block";
    replacements.set(part.key, part.text);
  }
  return replacements;
}
