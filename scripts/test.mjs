#!/usr/bin/env node
// The one test command (README quick start, .ci/run): build every package, typecheck them, run every
// vitest project once, and end with a plain "N passed, N failed" line that any log reader understands.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const env = { ...process.env, NO_COLOR: "1", TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
const run = (command, args) => spawnSync(command, args, { stdio: "inherit", env }).status ?? 1;

const extraArgs = process.argv.slice(2);
if (run("pnpm", ["exec", "turbo", "run", "build", "typecheck", "--output-logs=errors-only"]) !== 0) {
  console.log("build or typecheck failed");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const report = join(mkdtempSync(join(tmpdir(), "akto-guardrails-vitest-")), "report.json");
const status = run("pnpm", ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extraArgs]);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed = result.numPassedTests ?? 0;
  failed = (result.numFailedTests ?? 0) + (result.numFailedTestSuites ?? 0);
  const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  if (skipped > 0) console.log(`${skipped} skipped`);
  if (result.numTotalTests === 0) failed += 1;
} else {
  failed = 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
