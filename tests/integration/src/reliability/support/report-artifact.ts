import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Artifacts are written only when `RELIABILITY_REPORT=1` (the report script sets it). */
export function reportRequested(): boolean {
  return process.env["RELIABILITY_REPORT"] === "1";
}

/** Where artifacts go: `RELIABILITY_REPORT_DIR`, or a fixed temp directory. */
export function reportDirectory(): string {
  return process.env["RELIABILITY_REPORT_DIR"] ?? join(tmpdir(), "akto-guardrails-reliability");
}

/** Writes `<name>.json` into the report directory and returns its path. */
export function writeReportArtifact(name: string, value: unknown): string {
  const directory = reportDirectory();
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}
