import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PortkeyPluginError } from "../errors/portkey-plugin-error";
import { locateGatewayPlugins, type GatewayPlugins } from "./locate-gateway-plugins";
import { addRegistration, registrationState, removeRegistration, type RegistrationState } from "./plugin-registration";
import { defaultPluginSourceDir, isGeneratedPluginDir, PLUGIN_FILES } from "./plugin-source-dir";

const PLUGIN_ID = "akto";

export interface InstallPluginOptions {
  /** A checkout of Portkey-AI/gateway (main: `plugins/`, 2.x: `src/plugins/`). */
  readonly gatewayDir: string;
  /** The plugin folder to copy; defaults to the `akto/` folder shipped with this package. */
  readonly sourceDir?: string;
  /** Replace (or remove) an `akto` plugin folder this package did not write. */
  readonly force?: boolean;
}

export interface InstallPluginResult {
  readonly layout: GatewayPlugins["layout"];
  /** `<plugins dir>/akto`. */
  readonly pluginDir: string;
  readonly indexFile: string;
  /** Files written (install) or removed (uninstall), relative to the plugin folder. */
  readonly files: ReadonlyArray<string>;
  /** Whether the plugin index was edited. */
  readonly indexChanged: boolean;
  /** Who registers `akto` in the index after the operation. */
  readonly registration: RegistrationState;
  /** Whether `conf.json` `plugins_enabled` was edited. */
  readonly confChanged: boolean;
}

function readConf(file: string): { conf: Record<string, unknown>; enabled: unknown[] } | undefined {
  try {
    const conf = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (typeof conf !== "object" || conf === null || Array.isArray(conf)) return undefined;
    const enabled = (conf as Record<string, unknown>)["plugins_enabled"];
    return Array.isArray(enabled) ? { conf: conf as Record<string, unknown>, enabled } : undefined;
  } catch {
    return undefined; // conf.json is cosmetic for this installer; never fail on it
  }
}

function writeConfList(file: string, conf: Record<string, unknown>, enabled: unknown[]): void {
  writeFileSync(file, `${JSON.stringify({ ...conf, plugins_enabled: enabled }, null, 2)}\n`);
}

/**
 * Copies the `akto/` plugin folder into a gateway checkout and registers `akto.scan` in the plugin index
 * (and in `conf.json` `plugins_enabled`). Idempotent; does not run Portkey's `build-plugins`.
 */
export function installPlugin(options: InstallPluginOptions): InstallPluginResult {
  const gateway = locateGatewayPlugins(options.gatewayDir);
  const sourceDir = options.sourceDir === undefined ? defaultPluginSourceDir() : resolve(options.sourceDir);
  const missing = PLUGIN_FILES.filter((file) => !existsSync(join(sourceDir, file)));
  if (missing.length > 0) {
    throw new PortkeyPluginError({ code: "ERR_PLUGIN_NOT_BUILT", message: `${sourceDir} lacks ${missing.join(", ")}` });
  }
  const pluginDir = join(gateway.pluginsDir, PLUGIN_ID);
  if (existsSync(pluginDir) && !isGeneratedPluginDir(pluginDir)) {
    if (!options.force) {
      throw new PortkeyPluginError({
        code: "ERR_PLUGIN_CONFLICT",
        message: `${pluginDir} exists and was not written by this installer; move it away or pass --force to replace it`,
      });
    }
    rmSync(pluginDir, { recursive: true, force: true });
  }
  mkdirSync(pluginDir, { recursive: true });
  for (const file of PLUGIN_FILES) cpSync(join(sourceDir, file), join(pluginDir, file));

  const index = readFileSync(gateway.indexFile, "utf8");
  const edit = addRegistration(index);
  if (edit.changed) writeFileSync(gateway.indexFile, edit.source);

  let confChanged = false;
  const conf = gateway.confFile ? readConf(gateway.confFile) : undefined;
  if (gateway.confFile && conf && !conf.enabled.includes(PLUGIN_ID)) {
    writeConfList(gateway.confFile, conf.conf, [...conf.enabled, PLUGIN_ID]);
    confChanged = true;
  }
  return {
    layout: gateway.layout,
    pluginDir,
    indexFile: gateway.indexFile,
    files: [...PLUGIN_FILES],
    indexChanged: edit.changed,
    registration: registrationState(edit.source),
    confChanged,
  };
}

/**
 * Reverses {@link installPlugin}: removes the lines it added to the index, its `conf.json` entry, and the plugin
 * folder when this package wrote it (or with `force`). A registration someone else wrote is left in place.
 */
export function uninstallPlugin(options: Omit<InstallPluginOptions, "sourceDir">): InstallPluginResult {
  const gateway = locateGatewayPlugins(options.gatewayDir);
  const pluginDir = join(gateway.pluginsDir, PLUGIN_ID);
  const index = readFileSync(gateway.indexFile, "utf8");
  const wasOurs = registrationState(index) === "ours";
  const edit = removeRegistration(index);
  if (edit.changed) writeFileSync(gateway.indexFile, edit.source);

  let confChanged = false;
  const conf = wasOurs && gateway.confFile ? readConf(gateway.confFile) : undefined;
  if (gateway.confFile && conf && conf.enabled.includes(PLUGIN_ID)) {
    writeConfList(gateway.confFile, conf.conf, conf.enabled.filter((entry) => entry !== PLUGIN_ID));
    confChanged = true;
  }

  const files: string[] = [];
  if (existsSync(pluginDir) && (isGeneratedPluginDir(pluginDir) || options.force)) {
    for (const file of PLUGIN_FILES) if (existsSync(join(pluginDir, file))) files.push(file);
    rmSync(pluginDir, { recursive: true, force: true });
  }
  return {
    layout: gateway.layout,
    pluginDir,
    indexFile: gateway.indexFile,
    files,
    indexChanged: edit.changed,
    registration: registrationState(edit.source),
    confChanged,
  };
}
