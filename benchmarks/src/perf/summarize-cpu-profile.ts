/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time, and the
 * total time under each function (inclusive), so a hot spot can be traced to the code that calls it.
 *
 *   benchmarks/node_modules/.bin/tsx benchmarks/src/perf/summarize-cpu-profile.ts <file.cpuprofile> [top=40] [filter]
 *
 * `filter` keeps only inclusive rows whose function or file contains it (e.g. `akto-guardrails` or `dist/`).
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: ReadonlyArray<number>;
}

interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>;
  readonly samples: ReadonlyArray<number>;
  readonly timeDeltas: ReadonlyArray<number>;
}

const [file, topText, filter] = process.argv.slice(2);
if (!file) {
  console.error("usage: summarize-cpu-profile.ts <file.cpuprofile> [top] [filter]");
  process.exit(2);
}
const top = Number(topText ?? 40);
// Piped into `head`: stop quietly when the reader goes away.
process.stdout.on("error", () => process.exit(0));
let profile: Profile;
try {
  profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
} catch (error) {
  console.error(`cannot read ${file}: ${(error as Error).message}`);
  process.exit(1);
}

const byId = new Map<number, ProfileNode>();
const parentOf = new Map<number, number>();
for (const node of profile.nodes) {
  byId.set(node.id, node);
  for (const child of node.children ?? []) parentOf.set(child, node.id);
}

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url.replace(/^file:\/\//, "").replace(/^.*\/(node_modules|packages|apps)\//, "$1/");
  return `${functionName || "(anonymous)"} ${short ? `${short}:${lineNumber + 1}` : ""}`.trim();
};

const selfTime = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  total += delta;
});

const selfByLabel = new Map<string, number>();
const inclusiveByLabel = new Map<string, number>();
for (const [id, time] of selfTime) {
  const node = byId.get(id)!;
  selfByLabel.set(label(node), (selfByLabel.get(label(node)) ?? 0) + time);
  // Count each label once per stack, so recursion is not double counted.
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
    const name = label(byId.get(current)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusiveByLabel.set(name, (inclusiveByLabel.get(name) ?? 0) + time);
  }
}

const idle = [...selfByLabel].filter(([name]) => name.startsWith("(idle)")).reduce((sum, [, time]) => sum + time, 0);
const busy = total - idle;
const percent = (time: number) => `${((time / busy) * 100).toFixed(1).padStart(5)}%`;
console.log(`busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled\n\nself time:`);
for (const [name, time] of [...selfByLabel].filter(([name]) => !name.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${percent(time)}  ${name}`);
}
console.log("\ninclusive time:");
for (const [name, time] of [...inclusiveByLabel]
  .filter(([name]) => !name.startsWith("(idle)") && !name.startsWith("(root)") && (!filter || name.includes(filter)))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)) {
  console.log(`${percent(time)}  ${name}`);
}
