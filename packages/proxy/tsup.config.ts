import { defineConfig } from "tsup";
import { cliBuild, libraryBuild } from "../../tsup.base";

const packageDirectory = new URL(".", import.meta.url);

// The library, and the `akto-guardrails-proxy` bin (package.json `bin` → dist/cli.js).
export default defineConfig([libraryBuild(packageDirectory), cliBuild(packageDirectory)]);
