import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The npm build of @portkey-ai/gateway compiles its plugin map into the bundle and cannot load plugins. To run
 * the Akto plugin inside the real gateway code anyway (HooksManager, verdict algebra, 446/246, transformations),
 * the test loads a copy of the bundle whose `this.plugins = <map>` also spreads in plugins from a global set by
 * a preload, and resolves the copy's bare imports from the original bundle's location. Nothing in
 * node_modules is modified.
 */
export interface InjectedGateway {
  /** The patched copy of build/start-server.js. */
  readonly entry: string;
  /** Preload (`--import`) that registers the resolver and installs the plugin as `akto.scan`. */
  readonly preload: string;
  remove(): void;
}

const PLUGIN_MAP = /constructor\(\)\{this\.plugins=([A-Za-z_$][\w$]*)\}/g;

export function injectAktoPlugin(gatewayEntry: string, pluginModuleFile: string): InjectedGateway {
  const dir = mkdtempSync(join(tmpdir(), "akto-portkey-gateway-"));
  const source = readFileSync(gatewayEntry, "utf8");
  const matches = [...source.matchAll(PLUGIN_MAP)];
  if (matches.length !== 1) throw new Error(`expected one plugin map in ${gatewayEntry}, found ${matches.length}`);
  const patched = source.replace(PLUGIN_MAP, (_whole, name: string) => `constructor(){this.plugins={...${name},...globalThis.__aktoGuardrailsTestPlugins}}`);
  const entry = join(dir, "start-server.mjs");
  writeFileSync(entry, patched);
  // The generated scan.ts is plain JavaScript (no imports, no type syntax), so Node loads it as a module.
  copyFileSync(pluginModuleFile, join(dir, "akto-scan.mjs"));
  writeFileSync(
    join(dir, "hooks.mjs"),
    `let patched; let original;
export function initialize(data) { patched = data.patched; original = data.original; }
export function resolve(specifier, context, nextResolve) {
  if (context.parentURL === patched) return nextResolve(specifier, { ...context, parentURL: original });
  return nextResolve(specifier, context);
}
`,
  );
  const preload = join(dir, "register.mjs");
  writeFileSync(
    preload,
    `import { register } from "node:module";
register("./hooks.mjs", import.meta.url, { data: { patched: ${JSON.stringify(pathToFileURL(entry).href)}, original: ${JSON.stringify(pathToFileURL(gatewayEntry).href)} } });
const { handler } = await import("./akto-scan.mjs");
globalThis.__aktoGuardrailsTestPlugins = { akto: { scan: handler } };
`,
  );
  return { entry, preload, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
