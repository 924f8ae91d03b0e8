import { defineConfig } from "tsup";
import { cliBuild, libraryBuild } from "../../tsup.base";

const packageDirectory = new URL(".", import.meta.url);

// The library (import.meta.url shims locate the shipped akto/ folder from the CJS build too) and the
// `akto-portkey` bin. The drop-in plugin folder (akto/) is generated after this by scripts/build-plugin-folder.mjs.
export default defineConfig([libraryBuild(packageDirectory, { shims: true }), cliBuild(packageDirectory)]);
