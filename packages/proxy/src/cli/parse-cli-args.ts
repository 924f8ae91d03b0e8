import { parseArgs } from "node:util";
import { ProxyError } from "../errors/proxy-error";
import { SETTINGS } from "../config/settings";

export type CliValues = Readonly<Record<string, string | boolean | ReadonlyArray<string> | undefined>>;

const OPTIONS = {
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  ...Object.fromEntries(SETTINGS.map((setting) => [setting.flag, setting.kind === "list" ? { type: "string", multiple: true } : { type: "string" }])),
} as const satisfies Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

/** Parses the command line strictly; throws `ProxyError` `ERR_INVALID_ARGUMENT` for unknown flags or stray arguments. */
export function parseCliArgs(argv: ReadonlyArray<string>): CliValues {
  try {
    const { values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
    return values as CliValues;
  } catch (error) {
    throw new ProxyError({ code: "ERR_INVALID_ARGUMENT", message: (error as Error).message, problems: [`- ${(error as Error).message}`], cause: error });
  }
}
