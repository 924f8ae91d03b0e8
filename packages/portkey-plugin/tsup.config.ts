import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };
const define = { __PACKAGE_VERSION__: JSON.stringify(version) };

// The drop-in plugin folder (akto/) is generated after this by scripts/build-plugin-folder.mjs.
export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    // The two builds run concurrently: cleaning must not delete the CLI the other one writes.
    clean: ["!cli.js", "!cli.js.map"],
    // import.meta.url locates the shipped akto/ folder from the CJS build too.
    shims: true,
    target: "es2022",
    tsconfig: "tsconfig.build.json",
    define,
  },
  {
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    sourcemap: true,
    clean: false,
    target: "node20",
    tsconfig: "tsconfig.build.json",
    banner: { js: "#!/usr/bin/env node" },
    define,
  },
]);
