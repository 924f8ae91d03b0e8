import { PortkeyPluginError } from "../errors/portkey-plugin-error";

/** Marks the lines the installer writes, so `--uninstall` removes exactly those. */
export const REGISTRATION_MARKER = "// akto-guardrails: added by `akto-portkey install`";
const IMPORT_LINE = `import { handler as aktoGuardrailsScan } from './akto/scan'; ${REGISTRATION_MARKER}`;
const ENTRY_LINE = `  akto: { scan: aktoGuardrailsScan }, ${REGISTRATION_MARKER}`;

const PLUGINS_DECLARATION = /^export const plugins\b[^=\n]*=\s*\{[ \t]*$/m;
const AKTO_KEY = /^\s*(?:akto|'akto'|"akto")\s*:/m;
const AKTO_IMPORT = /from\s+['"]\.\/akto\/scan(?:\.ts)?['"]/;

/** Who registered `akto` in a plugin index: this installer, someone else (e.g. Portkey's 2.0.0 branch), or nobody. */
export type RegistrationState = "ours" | "pre-existing" | "none";

export function registrationState(source: string): RegistrationState {
  if (source.includes(REGISTRATION_MARKER)) return "ours";
  return AKTO_KEY.test(source) || AKTO_IMPORT.test(source) ? "pre-existing" : "none";
}

export interface IndexEdit {
  readonly source: string;
  readonly changed: boolean;
}

/**
 * Adds `akto: { scan }` to the plugin map of a gateway's `plugins/index.ts` (the two lines Portkey's
 * `build-plugins` would generate, without running it). Leaves an index that already registers `akto` alone.
 */
export function addRegistration(source: string): IndexEdit {
  if (registrationState(source) !== "none") return { source, changed: false };
  const declaration = PLUGINS_DECLARATION.exec(source);
  if (!declaration) {
    throw new PortkeyPluginError({
      code: "ERR_PLUGIN_INDEX_UNRECOGNISED",
      message: "the plugin index has no `export const plugins = {` line to register the akto plugin in",
    });
  }
  const newline = source.includes("\r\n") ? "\r\n" : "\n";
  const start = declaration.index;
  const end = start + declaration[0].length;
  // ES imports are hoisted, so the import may sit right above the map.
  const edited = `${source.slice(0, start)}${IMPORT_LINE}${newline}${declaration[0]}${newline}${ENTRY_LINE}${source.slice(end)}`;
  return { source: edited, changed: true };
}

/** Removes the lines {@link addRegistration} wrote; anything else is left as it is. */
export function removeRegistration(source: string): IndexEdit {
  if (!source.includes(REGISTRATION_MARKER)) return { source, changed: false };
  const lines = source.split(/(?<=\n)/);
  const kept = lines.filter((line) => !line.includes(REGISTRATION_MARKER));
  return { source: kept.join(""), changed: true };
}
