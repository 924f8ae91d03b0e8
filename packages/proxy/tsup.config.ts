import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

const shared = {
  sourcemap: true,
  target: "es2022",
  tsconfig: "tsconfig.build.json",
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
} as const;

export default defineConfig([
  // The library: ESM + CJS + types.
  { ...shared, entry: ["src/index.ts"], format: ["esm", "cjs"], dts: true, clean: true },
  // The `akto-guardrails-proxy` bin (package.json `bin` → dist/cli.js). Not cleaned: the library build owns dist/.
  { ...shared, entry: { cli: "src/cli.ts" }, format: ["esm"], dts: false, clean: false, banner: { js: "#!/usr/bin/env node" } },
]);
