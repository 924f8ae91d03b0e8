import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const benchmarksFile = fileURLToPath(new URL("../../BENCHMARKS.md", import.meta.url));

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in BENCHMARKS.md. */
export function writeSection(name: string, text: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const current = readFileSync(benchmarksFile, "utf8");
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  if (from < 0 || to < from) {
    console.log(`BENCHMARKS.md has no ${name} section; not updated`);
    return;
  }
  writeFileSync(benchmarksFile, `${current.slice(0, from + start.length)}\n${text.trim()}\n${current.slice(to)}`);
  console.log(`updated the ${name} section of BENCHMARKS.md`);
}
