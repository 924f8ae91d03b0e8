import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applySegmentTexts } from "../sanitize/apply-segment-texts";
import { differsOutsidePaths } from "../sanitize/differs-outside-paths";
import { detectApiShape } from "./detect-api-shape";
import { extractRequestTexts } from "./extract-request-texts";
import { extractResponseTexts } from "./extract-response-texts";
import { getAtPath } from "./json-path";
import { shapeLikeBody } from "./test-utils/arbitraries";
import { deepFreeze } from "./test-utils/deep-freeze";
import type { DetectedShape, Extraction } from "./types";

// Hostile input for the extractors: shape-like bodies with `__proto__`, `constructor` and `prototype`
// keys planted at random depths (as own properties, the way JSON.parse creates them), whose values
// would be visible everywhere if they ever reached a prototype.

const SHAPES: DetectedShape[] = ["openai.chat", "openai.completions", "openai.responses", "openai.embeddings", "anthropic.messages", "unknown"];
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype"] as const;
const FIELD_NAMES = ["messages", "content", "text", "role", "prompt", "input", "system", "instructions", "choices", "message", "output", "type", "tool_calls", "function", "arguments", "delta", "polluted"];

/** What a planted key carries: the fields an extractor reads, and a marker. */
const POISON = `{"polluted":"yes","messages":[{"role":"user","content":"poison"}],"content":"poison","text":"poison","prompt":"poison","input":"poison","prototype":{"polluted":"yes"}}`;

/** Serialises plain JSON data, planting a hostile key in an object whenever the stream says so. */
function toHostileJson(value: unknown, plant: Iterator<number>): string {
  if (Array.isArray(value)) return `[${value.map((item) => toHostileJson(item, plant)).join(",")}]`;
  if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "null";
  const entries = Object.keys(value).map((key) => `${JSON.stringify(key)}:${toHostileJson((value as Record<string, unknown>)[key], plant)}`);
  const draw = plant.next().value as number;
  // About one object in three gets a hostile key, at a random position among its fields.
  if (draw < HOSTILE_KEYS.length) entries.splice(draw % (entries.length + 1), 0, `${JSON.stringify(HOSTILE_KEYS[draw])}:${POISON}`);
  return `{${entries.join(",")}}`;
}

const hostileBody = fc
  .tuple(shapeLikeBody, fc.infiniteStream(fc.nat(8)))
  .map(([body, plant]) => JSON.parse(toHostileJson(body, plant)) as unknown);

/** A snapshot of what pollution would change: the prototypes' own keys and what a fresh object inherits. */
function prototypeSnapshot(): string {
  const inherited: string[] = [];
  const probe: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) if (probe[name] !== undefined) inherited.push(name);
  return `${Reflect.ownKeys(Object.prototype).length}/${Reflect.ownKeys(Array.prototype).length}/${inherited.join(",")}`;
}

/** Plain assertion for the hot loop (`expect` costs more than the code under test). */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

function hasHostileKey(path: ReadonlyArray<string | number>): boolean {
  return path.some((key) => typeof key === "string" && (HOSTILE_KEYS as ReadonlyArray<string>).includes(key));
}

function checkExtraction(extraction: Extraction, body: unknown): void {
  for (const segment of extraction.segments) {
    const path = () => JSON.stringify(segment.path);
    check(!hasHostileKey(segment.path), () => `segment path ${path()} goes through a hostile key`);
    const value = getAtPath(body, segment.path);
    check(segment.encoding === "json" ? JSON.stringify(value) === segment.text : value === segment.text, () => `segment ${path()} does not point at its text`);
    check(segment.text !== "poison", () => `segment ${path()} read a planted value`);
  }
}

// Each property runs a few thousand cases; the timeout only matters on a loaded machine.
describe("extractors (fuzz)", { timeout: 30_000 }, () => {
  it("should never read a planted __proto__/constructor key, never throw and never pollute a prototype", () => {
    const before = prototypeSnapshot();
    let segments = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), hostileBody, (shape, body) => {
        deepFreeze(body);
        const request = extractRequestTexts(shape, body);
        const response = extractResponseTexts(shape, body);
        checkExtraction(request, body);
        checkExtraction(response, body);
        check(SHAPES.includes(detectApiShape("/v1/chat/completions", body)) && SHAPES.includes(detectApiShape(undefined, body)), () => "detectApiShape");
        segments += request.segments.length + response.segments.length;
        check(prototypeSnapshot() === before, () => `a prototype changed: ${prototypeSnapshot()}`);
      }),
      { seed: 8_2025, numRuns: 3000 },
    );
    // The generator must reach the extractors' text paths for the property to mean anything.
    expect(segments).toBeGreaterThan(3000);
  });

  it("should rewrite every segment of a hostile body without touching anything else or any prototype", () => {
    const before = prototypeSnapshot();
    let rewritten = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), fc.constantFrom("input" as const, "output" as const), hostileBody, (shape, stage, body) => {
        deepFreeze(body);
        const original = JSON.stringify(body);
        const { segments } = stage === "input" ? extractRequestTexts(shape, body) : extractResponseTexts(shape, body);
        const replacements = new Map(segments.map((segment, index) => [index, segment.encoding === "json" ? '{"__proto__":{"polluted":"yes"}}' : `[${index}]`] as const));
        const applied = applySegmentTexts(body, segments, replacements);
        if (!applied.success) throw new Error(applied.error);
        check(!differsOutsidePaths(body, applied.value, segments.map((segment) => segment.path)), () => "a non-text value changed");
        if (typeof applied.value === "object" && applied.value !== null && !Array.isArray(applied.value)) {
          check(Object.getPrototypeOf(applied.value) === Object.prototype, () => "the result has a foreign prototype");
        }
        for (const [index, segment] of segments.entries()) {
          const value = getAtPath(applied.value, segment.path);
          const expected = segment.encoding === "json" ? JSON.stringify(value) === '{"__proto__":{"polluted":"yes"}}' : value === `[${index}]`;
          check(expected, () => `segment ${index} was not rewritten`);
        }
        check(JSON.stringify(body) === original, () => "the body was mutated");
        check(prototypeSnapshot() === before, () => `a prototype changed: ${prototypeSnapshot()}`);
        rewritten += segments.length;
      }),
      { seed: 4_2026, numRuns: 2000 },
    );
    expect(rewritten).toBeGreaterThan(1000);
  });

  it("should read own properties only, even when a prototype is already polluted", () => {
    // Simulates pollution that happened elsewhere in the host process: non-enumerable, so the test
    // framework's own iteration is unaffected, but visible to any `body.messages`-style read.
    const poisoned = ["messages", "prompt", "input", "system", "instructions", "content", "text", "choices", "message", "output", "type", "role", "tool_calls", "function", "arguments", "delta"];
    const bodies: unknown[] = [{}, { model: "gpt-4o" }, { messages: [{}] }, { messages: [{ role: "user" }] }, { choices: [{}] }, { content: [{}] }, { output: [{}] }, { input: [{}] }];
    const found: Array<{ shape: DetectedShape; segments: number; texts: string[] }> = [];
    try {
      for (const name of poisoned) {
        const value = name === "role" || name === "type" ? "user" : name === "messages" || name === "choices" || name === "output" ? [{ role: "user", content: "poison", text: "poison", message: { content: "poison" } }] : "poison";
        Object.defineProperty(Object.prototype, name, { value, configurable: true, writable: true, enumerable: false });
      }
      for (const shape of SHAPES) {
        for (const body of bodies) {
          for (const extraction of [extractRequestTexts(shape, body), extractResponseTexts(shape, body)]) {
            found.push({ shape, segments: extraction.segments.length, texts: extraction.segments.map((segment) => segment.text) });
          }
        }
      }
    } finally {
      for (const name of poisoned) delete (Object.prototype as Record<string, unknown>)[name];
    }
    expect(found).toHaveLength(SHAPES.length * bodies.length * 2);
    expect(found.filter((entry) => entry.segments > 0)).toEqual([]);
    expect(({} as Record<string, unknown>)["messages"]).toBeUndefined();
  });
});
