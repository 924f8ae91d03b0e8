import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { ProxyError } from "../errors/proxy-error";
import { isPlainObject } from "./section-reader";

/**
 * Reads a JSON (`.json`) or YAML (anything else; YAML is a superset of JSON) configuration file.
 * Throws `ProxyError` `ERR_CONFIG_FILE` when it cannot be read or parsed, or is not a mapping.
 */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    throw new ProxyError({ code: "ERR_CONFIG_FILE", message: `Cannot read config file ${path}: ${reason}`, problems: [`- (config file): ${reason}`], cause: error });
  }
  let document: unknown;
  try {
    document = extname(path).toLowerCase() === ".json" ? (JSON.parse(text) as unknown) : parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0] ?? "parse error";
    throw new ProxyError({ code: "ERR_CONFIG_FILE", message: `Cannot parse config file ${path}: ${reason}`, problems: [`- (config file): ${reason}`], cause: error });
  }
  if (document === null || document === undefined) return {};
  if (!isPlainObject(document)) {
    throw new ProxyError({
      code: "ERR_CONFIG_FILE",
      message: `Config file ${path} must hold a mapping of options`,
      problems: ["- (config file): must hold a mapping of options"],
    });
  }
  return document;
}
