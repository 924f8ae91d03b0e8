import { readFileSync } from "node:fs";

/** Reads and parses a JSON fixture from src/shapes/__fixtures__. */
export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), "utf8")) as unknown;
}
