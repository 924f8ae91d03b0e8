import { SETTINGS, type Setting } from "./settings";

export interface SettingsLayer {
  /** The configuration fragment these values make. */
  readonly config: Record<string, unknown>;
  /** Values that could not be converted, as `- NAME: message`. */
  readonly problems: ReadonlyArray<string>;
}

type RawValue = string | ReadonlyArray<string> | undefined;

function convert(setting: Setting, raw: string | ReadonlyArray<string>, label: string, problems: string[]): unknown {
  if (setting.kind === "list") {
    const items = typeof raw === "string" ? raw.split(",") : raw;
    return items.map((item) => item.trim()).filter((item) => item.length > 0);
  }
  const text = typeof raw === "string" ? raw : raw[raw.length - 1];
  if (text === undefined) return undefined;
  if (setting.kind === "integer") {
    if (!/^\s*\d+\s*$/.test(text)) {
      problems.push(`- ${label}: must be a whole number, got "${text}"`);
      return undefined;
    }
    return Number(text);
  }
  return text;
}

function setAt(target: Record<string, unknown>, path: ReadonlyArray<string>, value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === "object" && next !== null) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[path[path.length - 1]!] = value;
}

function toLayer(read: (setting: Setting) => RawValue, label: (setting: Setting) => string): SettingsLayer {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const setting of SETTINGS) {
    const raw = read(setting);
    if (raw === undefined || (typeof raw === "string" && raw === "")) continue;
    const value = convert(setting, raw, label(setting), problems);
    if (value !== undefined) setAt(config, setting.path, value);
  }
  return { config, problems };
}

/** The configuration fragment of the environment variables in {@link SETTINGS}. Empty variables are ignored. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): SettingsLayer {
  return toLayer(
    (setting) => env[setting.env],
    (setting) => setting.env,
  );
}

/** The configuration fragment of parsed command-line flags (`parseArgs` values). */
export function configFromFlags(values: Readonly<Record<string, string | boolean | ReadonlyArray<string> | undefined>>): SettingsLayer {
  return toLayer(
    (setting) => {
      const value = values[setting.flag];
      return typeof value === "boolean" ? undefined : value;
    },
    (setting) => `--${setting.flag}`,
  );
}
