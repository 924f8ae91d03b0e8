/**
 * Runs the reliability proofs of issue #8 part A with RELIABILITY_REPORT=1 and writes their results into
 * RELIABILITY.md, between the fault-matrix, durability and secrets markers (nothing else in the file is touched).
 *
 *   pnpm reliability:report      (from the repo root; builds first)
 *   ... fault-matrix-report.ts --from DIR     render from artifacts already in DIR, without running the tests
 *
 * Exits non-zero when a test failed; the
 * table is still written, with failed cases marked.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DurabilityArtifact } from "../src/reliability/support/durability-results";
import type { FaultMatrixArtifact } from "../src/reliability/support/fault-matrix-results";
import { replaceSection } from "../src/reliability/support/markdown-sections";
import { renderDurability } from "../src/reliability/support/render-durability";
import { renderFaultMatrix } from "../src/reliability/support/render-fault-matrix";
import { renderSecrets } from "../src/reliability/support/render-secrets";
import type { SecretsArtifact } from "../src/reliability/support/secrets-results";

const integrationDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const reliabilityFile = resolve(integrationDirectory, "../../RELIABILITY.md");
const TEST_FILES = ["src/reliability/fault-matrix.test.ts", "src/reliability/durability.test.ts", "src/reliability/secrets.test.ts"];

function readArtifact<T>(directory: string, name: string): T | undefined {
  const path = join(directory, `${name}.json`);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

function main(argv: ReadonlyArray<string>): number {
  const fromIndex = argv.indexOf("--from");
  let directory: string;
  let testsExitCode = 0;
  if (fromIndex >= 0) {
    const given = argv[fromIndex + 1];
    if (!given) {
      process.stderr.write("fault-matrix-report: --from needs a directory\n");
      return 2;
    }
    directory = resolve(given);
  } else {
    directory = mkdtempSync(join(tmpdir(), "akto-reliability-report-"));
    const run = spawnSync("npx", ["vitest", "run", ...TEST_FILES], {
      cwd: integrationDirectory,
      stdio: "inherit",
      env: { ...process.env, RELIABILITY_REPORT: "1", RELIABILITY_REPORT_DIR: directory },
    });
    testsExitCode = run.status ?? 1;
  }

  let markdown = readFileSync(reliabilityFile, "utf8");
  const written: string[] = [];
  const matrix = readArtifact<FaultMatrixArtifact>(directory, "fault-matrix");
  if (matrix) {
    markdown = replaceSection(markdown, "fault-matrix", renderFaultMatrix(matrix));
    written.push("fault-matrix");
  }
  const durability = readArtifact<DurabilityArtifact>(directory, "durability");
  if (durability) {
    markdown = replaceSection(markdown, "durability", renderDurability(durability));
    written.push("durability");
  }
  const secrets = readArtifact<SecretsArtifact>(directory, "secrets");
  if (secrets) {
    markdown = replaceSection(markdown, "secrets", renderSecrets(secrets));
    written.push("secrets");
  }
  writeFileSync(reliabilityFile, markdown);
  process.stdout.write(`fault-matrix-report: wrote ${written.join(", ") || "nothing"} into ${reliabilityFile} (artifacts in ${directory})\n`);
  if (testsExitCode !== 0) process.stderr.write(`fault-matrix-report: the tests failed (exit ${testsExitCode}); failed cases are marked in the table\n`);
  return written.length === 3 ? testsExitCode : testsExitCode || 1;
}

process.exitCode = main(process.argv.slice(2));
