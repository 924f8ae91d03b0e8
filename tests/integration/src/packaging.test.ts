import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * Each published package, packed with `pnpm pack` (which rewrites `workspace:*`), installed from its
 * tarball into a fresh npm project and loaded with both `import` and `require`, and its types
 * checked from an ESM and a CommonJS TypeScript consumer.
 */
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const PACKAGES = ["core", "sdk", "express-middleware", "portkey-plugin", "proxy"] as const;
const EXPORTS: Record<(typeof PACKAGES)[number], string> = {
  core: "runGuard",
  sdk: "createGuardrails",
  "express-middleware": "aktoGuardrails",
  "portkey-plugin": "createPortkeyWebhookHandler",
  proxy: "createProxyServer",
};
const typescript = createRequire(join(repoRoot, "package.json")).resolve("typescript/bin/tsc");

let consumer: string;

beforeAll(() => {
  const packDirectory = mkdtempSync(join(tmpdir(), "akto-pack-"));
  for (const name of PACKAGES) {
    execFileSync("pnpm", ["pack", "--pack-destination", packDirectory], { cwd: join(repoRoot, "packages", name), stdio: "pipe" });
  }
  const tarballs = readdirSync(packDirectory).filter((file) => file.endsWith(".tgz"));
  expect(tarballs).toHaveLength(PACKAGES.length);

  consumer = mkdtempSync(join(tmpdir(), "akto-consumer-"));
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs.map((file) => join(packDirectory, file))], {
    cwd: consumer,
    stdio: "pipe",
  });
}, 180_000);

describe("published packages", () => {
  it.each(PACKAGES)("%s should load from import and require", (name) => {
    const specifier = `@akto-guardrails/${name}`;
    const exported = EXPORTS[name];
    writeFileSync(join(consumer, `${name}.mjs`), `import * as m from "${specifier}"; console.log(typeof m.${exported});`);
    writeFileSync(join(consumer, `${name}.cjs`), `const m = require("${specifier}"); console.log(typeof m.${exported});`);
    for (const file of [`${name}.mjs`, `${name}.cjs`]) {
      expect(execFileSync(process.execPath, [file], { cwd: consumer, encoding: "utf8" }).trim()).toBe("function");
    }
  });

  it("should ship no tests and no fixtures", () => {
    for (const name of PACKAGES) {
      const manifest = JSON.parse(readFileSync(join(consumer, "node_modules", "@akto-guardrails", name, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain("workspace:");
      const files = readdirSync(join(consumer, "node_modules", "@akto-guardrails", name), { recursive: true }).map(String);
      expect(files.filter((file) => /\.test\.|__fixtures__/.test(file))).toEqual([]);
    }
  });

  it("should typecheck from an ESM and a CommonJS TypeScript consumer", () => {
    const imports = PACKAGES.map((name) => `import * as ${name.replace(/-/g, "_")} from "@akto-guardrails/${name}";`).join("\n");
    const uses = PACKAGES.map((name) => `void ${name.replace(/-/g, "_")}.${EXPORTS[name]};`).join("\n");
    writeFileSync(join(consumer, "consumer.mts"), `${imports}\n${uses}\n`);
    writeFileSync(join(consumer, "consumer.cts"), `${PACKAGES.map((name) => `import ${name.replace(/-/g, "_")} = require("@akto-guardrails/${name}");`).join("\n")}\n${uses}\n`);
    execFileSync(
      process.execPath,
      [typescript, "--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext", "--types", "node", "--typeRoots", join(repoRoot, "node_modules/@types"), "consumer.mts", "consumer.cts"],
      { cwd: consumer, stdio: "pipe", env: { ...process.env, NODE_PATH: join(repoRoot, "node_modules") } },
    );
  });
});
