// pnpm test:soak: the full load-with-faults run (20,000 requests at concurrency 100 through the proxy,
// mock-akto failing 10% of calls plus an outage burst). Runs the load test with SOAK=1, prints its
// figures as Markdown, and with --write puts them into RELIABILITY.md (between the load-figures markers).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadReport } from "../src/reliability/support-b/run-load-scenario";
import { renderLoadReport } from "../src/reliability/support-b/render-load-report";

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), "..");
const reliabilityFile = join(packageDirectory, "..", "..", "RELIABILITY.md");
const START = "<!-- load-figures:start -->";
const END = "<!-- load-figures:end -->";

const reportFile = join(mkdtempSync(join(tmpdir(), "soak-")), "load-report.json");
const run = spawnSync("pnpm", ["exec", "vitest", "run", "src/reliability/load.test.ts"], {
  cwd: packageDirectory,
  stdio: "inherit",
  env: { ...process.env, SOAK: "1", LOAD_REPORT: reportFile, NO_COLOR: "1" },
});

if (!existsSync(reportFile)) {
  console.error("soak: the load test wrote no report");
  process.exit(run.status ?? 1);
}
const report = JSON.parse(readFileSync(reportFile, "utf8")) as LoadReport;
const table = renderLoadReport(report, new Date().toISOString().slice(0, 10));
console.log(`\n${table}\n`);

if (process.argv.includes("--write")) {
  const text = readFileSync(reliabilityFile, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) {
    console.error(`soak: ${reliabilityFile} has no ${START} … ${END} block`);
    process.exit(1);
  }
  writeFileSync(reliabilityFile, `${text.slice(0, start + START.length)}\n${table}\n${text.slice(end)}`);
  console.log(`soak: figures written to ${reliabilityFile}`);
}
process.exit(run.status ?? 1);
