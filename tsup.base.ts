// Shared tsup settings of the published packages: each package's tsup.config.ts picks the builds it needs.
import { readFileSync } from "node:fs";
import type { Options } from "tsup";

function versionDefine(packageDirectory: URL): Record<string, string> {
  const { version } = JSON.parse(readFileSync(new URL("package.json", packageDirectory), "utf8")) as { version: string };
  return { __PACKAGE_VERSION__: JSON.stringify(version) };
}

/** The library: ESM + CJS + separate .d.ts/.d.cts types. */
export function libraryBuild(packageDirectory: URL, overrides: Options = {}): Options {
  return {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    // A package with a CLI builds it concurrently into the same dist/: cleaning must not delete it.
    clean: ["!cli.js", "!cli.js.map"],
    target: "es2022",
    tsconfig: "tsconfig.build.json",
    define: versionDefine(packageDirectory),
    ...overrides,
  };
}

/** A package `bin`: dist/cli.js, ESM, with a shebang. */
export function cliBuild(packageDirectory: URL, overrides: Options = {}): Options {
  return {
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    sourcemap: true,
    clean: false,
    target: "node20",
    tsconfig: "tsconfig.build.json",
    banner: { js: "#!/usr/bin/env node" },
    define: versionDefine(packageDirectory),
    ...overrides,
  };
}
