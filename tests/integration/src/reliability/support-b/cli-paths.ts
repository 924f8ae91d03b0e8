import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The file a workspace package's `bin` entry points at (its built CLI). */
function binOf(packageName: string, binName: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: Record<string, string> };
  const relative = manifest.bin?.[binName];
  if (relative === undefined) throw new Error(`${packageName} has no "${binName}" bin`);
  return join(dirname(manifestPath), relative);
}

/** The built CLIs the reliability tests run as child processes (`pnpm build` first). */
export const CLI = {
  proxy: binOf("@akto-guardrails/proxy", "akto-guardrails-proxy"),
  mockAkto: binOf("@akto-guardrails/mock-akto", "mock-akto"),
  mockLlm: binOf("@akto-guardrails/mock-llm", "mock-llm"),
} as const;
