import { existsSync } from "node:fs";
import { GuardrailError } from "@akto-guardrails/core";
import { PortkeyPluginError } from "../errors/portkey-plugin-error";
import { installPlugin, uninstallPlugin, type InstallPluginResult } from "../install/install-plugin";
import { VERSION } from "../version";

export interface CliOutput {
  write(text: string): void;
}

export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
}

const USAGE = `Usage:
  akto-portkey install <gateway-dir> [--force]     copy the akto plugin into a Portkey gateway checkout and register it
  akto-portkey install <gateway-dir> --uninstall   remove it again (same as: akto-portkey uninstall <gateway-dir>)
  akto-portkey --help | --version

<gateway-dir> is a checkout of Portkey-AI/gateway (plugins/ on main, src/plugins/ on 2.x).
--force replaces (or removes) an akto plugin folder that this installer did not write.
`;

function describe(result: InstallPluginResult, uninstall: boolean): string {
  const lines: string[] = [];
  if (uninstall) {
    lines.push(result.files.length > 0 ? `removed ${result.pluginDir}` : `no plugin folder removed at ${result.pluginDir}`);
    if (result.files.length === 0 && existsSync(result.pluginDir)) {
      lines.push(`  ${result.pluginDir} was not written by this installer; pass --force to remove it`);
    }
  } else {
    lines.push(`copied ${result.files.join(", ")} to ${result.pluginDir}`);
  }
  if (result.indexChanged) lines.push(`${uninstall ? "unregistered akto.scan from" : "registered akto.scan in"} ${result.indexFile}`);
  else if (result.registration === "pre-existing") lines.push(`${result.indexFile} already registers akto (not written by this installer; left as it is)`);
  else lines.push(`${result.indexFile} ${uninstall ? "had no registration from this installer" : "already registers akto.scan"}`);
  if (result.confChanged) lines.push(`${uninstall ? "removed akto from" : "added akto to"} conf.json plugins_enabled`);
  if (!uninstall) {
    lines.push("", "Restart or rebuild the gateway, then use the check id akto.scan (see the package README for the config).");
  }
  return `${lines.join("\n")}\n`;
}

/** Runs the `akto-portkey` command; returns the exit code (0 ok, 1 failed, 2 usage). Never throws. */
export function runCli(argv: ReadonlyArray<string>, io: CliIo): number {
  const flags = new Set(argv.filter((argument) => argument.startsWith("-")));
  const positional = argv.filter((argument) => !argument.startsWith("-"));
  if (flags.has("--help") || flags.has("-h")) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (flags.has("--version") || flags.has("-v")) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const unknown = [...flags].filter((flag) => flag !== "--uninstall" && flag !== "--force");
  const [command, gatewayDir, ...extra] = positional;
  if (unknown.length > 0 || (command !== "install" && command !== "uninstall") || !gatewayDir || extra.length > 0) {
    const problem =
      unknown.length > 0 ? `unknown option ${unknown.join(", ")}` : !command ? "missing command" : command !== "install" && command !== "uninstall" ? `unknown command ${command}` : !gatewayDir ? "missing <gateway-dir>" : `unexpected argument ${extra.join(" ")}`;
    io.stderr.write(`akto-portkey: ${problem}\n\n${USAGE}`);
    return 2;
  }
  const uninstall = command === "uninstall" || flags.has("--uninstall");
  try {
    const result = uninstall
      ? uninstallPlugin({ gatewayDir, force: flags.has("--force") })
      : installPlugin({ gatewayDir, force: flags.has("--force") });
    io.stdout.write(describe(result, uninstall));
    return 0;
  } catch (error) {
    const message =
      PortkeyPluginError.isInstance(error) || GuardrailError.isInstance(error)
        ? `${error.code}: ${error.message}`
        : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr.write(`akto-portkey: ${message}\n`);
    return 1;
  }
}
