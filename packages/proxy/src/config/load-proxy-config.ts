import { ProxyError } from "../errors/proxy-error";
import { mergeConfig } from "./merge-config";
import { safeParseProxyConfig, type ProxyConfig, type ProxyConfigInput } from "./proxy-config";
import { readConfigFile } from "./read-config-file";
import { CONFIG_FILE_ENV } from "./settings";
import { configFromEnv, configFromFlags } from "./settings-to-config";

export interface LoadProxyConfigOptions {
  /** Parsed command-line values (`parseArgs(...).values`), keyed by flag name. */
  readonly flags?: Readonly<Record<string, string | boolean | ReadonlyArray<string> | undefined>>;
  /** Environment variables (default: none; pass `process.env` explicitly). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Defaults below the file, e.g. a demo setup. */
  readonly defaults?: Record<string, unknown>;
}

export interface LoadedProxyConfig {
  /** The merged input (defaults < file < environment < flags), ready for `createProxyServer`. */
  readonly input: ProxyConfigInput;
  readonly config: ProxyConfig;
  /** The file that was read, if any. */
  readonly configFile?: string;
}

/**
 * Builds the configuration the CLI runs with: defaults < config file (`--config` / `AKTO_PROXY_CONFIG`,
 * JSON or YAML) < environment < flags, validated as a whole. Throws one `ProxyError` whose `problems`
 * list every issue found (bad flag values, bad environment values, the file, and every invalid option).
 */
export function loadProxyConfig(options: LoadProxyConfigOptions = {}): LoadedProxyConfig {
  const env = options.env ?? {};
  const flags = options.flags ?? {};
  const fromEnv = configFromEnv(env);
  const fromFlags = configFromFlags(flags);
  const conversionProblems = [...fromEnv.problems, ...fromFlags.problems];
  const flagFile = flags["config"];
  const configFile = (typeof flagFile === "string" && flagFile !== "" ? flagFile : undefined) ?? (env[CONFIG_FILE_ENV] || undefined);

  let fromFile: Record<string, unknown> = {};
  if (configFile !== undefined) {
    try {
      fromFile = readConfigFile(configFile);
    } catch (error) {
      if (!ProxyError.isInstance(error)) throw error;
      const problems = [...error.problems, ...conversionProblems];
      throw new ProxyError({ code: error.code, message: `${error.message}${conversionProblems.length > 0 ? `\n${conversionProblems.join("\n")}` : ""}`, problems, cause: error });
    }
  }

  const input = mergeConfig(options.defaults, fromFile, fromEnv.config, fromFlags.config);
  const parsed = safeParseProxyConfig(input);
  const problems = [...conversionProblems, ...(parsed.success ? [] : parsed.problems)];
  if (!parsed.success || problems.length > 0) {
    const where = configFile === undefined ? "" : ` (config file ${configFile})`;
    throw new ProxyError({ code: "ERR_INVALID_CONFIG", message: `Invalid proxy configuration${where}:\n${problems.join("\n")}`, problems });
  }
  return { input: input as ProxyConfigInput, config: parsed.value, ...(configFile === undefined ? {} : { configFile }) };
}
