import { loadProxyConfig } from "../config/load-proxy-config";
import { ProxyError } from "../errors/proxy-error";
import { createProxyServer, type ProxyServer } from "../server/create-proxy-server";
import { VERSION } from "../version";
import { parseCliArgs } from "./parse-cli-args";
import { usage } from "./usage";

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface CliRun {
  /** The exit code when the CLI could not start (0 for --help / --version); undefined while the proxy runs. */
  readonly exitCode?: number;
  readonly proxy?: ProxyServer;
}

const PROGRAM = "akto-guardrails-proxy";

/**
 * Parses flags, loads and validates the configuration (defaults < file < env < flags), starts the proxy
 * and prints `listening on http://HOST:PORT`. Bad arguments exit 2, an invalid configuration exits 1
 * (one message listing every problem).
 */
export async function runCli(argv: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<CliRun> {
  let flags;
  try {
    flags = parseCliArgs(argv);
  } catch (error) {
    io.stderr(`${PROGRAM}: ${(error as Error).message}\nRun ${PROGRAM} --help for the options.\n`);
    return { exitCode: 2 };
  }
  if (flags["help"]) {
    io.stdout(usage());
    return { exitCode: 0 };
  }
  if (flags["version"]) {
    io.stdout(`${VERSION}\n`);
    return { exitCode: 0 };
  }
  let proxy: ProxyServer;
  try {
    const loaded = loadProxyConfig({ flags, env });
    proxy = createProxyServer(loaded.input);
  } catch (error) {
    if (!ProxyError.isInstance(error)) throw error;
    io.stderr(`${PROGRAM}: ${error.message}\n`);
    return { exitCode: 1 };
  }
  try {
    const { url } = await proxy.listen();
    io.stdout(`listening on ${url}\n`);
  } catch (error) {
    io.stderr(`${PROGRAM}: cannot listen on ${proxy.config.server.host}:${proxy.config.server.port}: ${(error as Error).message}\n`);
    await proxy.close();
    return { exitCode: 1 };
  }
  return { proxy };
}
