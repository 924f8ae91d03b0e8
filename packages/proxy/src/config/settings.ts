/** How one command-line flag / environment variable maps into the configuration. */
export interface Setting {
  /** Flag name without the leading `--`. */
  readonly flag: string;
  readonly env: string;
  readonly kind: "string" | "integer" | "list";
  /** Where the value goes, as a path into the configuration object. */
  readonly path: ReadonlyArray<string>;
  readonly description: string;
}

/**
 * Every setting that has a flag and an environment variable. The config file can hold all of them
 * (and more) at `path`; precedence is defaults < file < environment < flags.
 */
export const SETTINGS: ReadonlyArray<Setting> = [
  { flag: "host", env: "AKTO_PROXY_HOST", kind: "string", path: ["server", "host"], description: "bind address (default 127.0.0.1)" },
  { flag: "port", env: "AKTO_PROXY_PORT", kind: "integer", path: ["server", "port"], description: "port; 0 picks any free port (default 8787)" },
  { flag: "upstream", env: "AKTO_PROXY_UPSTREAM", kind: "string", path: ["upstream", "openai"], description: "provider base URL (default https://api.openai.com)" },
  {
    flag: "anthropic-upstream",
    env: "AKTO_PROXY_ANTHROPIC_UPSTREAM",
    kind: "string",
    path: ["upstream", "anthropic"],
    description: "base URL for /v1/messages (default: --upstream when set, else https://api.anthropic.com)",
  },
  { flag: "akto-url", env: "AKTO_URL", kind: "string", path: ["akto", "baseUrl"], description: "Akto guardrails base URL (required)" },
  { flag: "akto-api-key", env: "AKTO_API_KEY", kind: "string", path: ["akto", "apiKey"], description: "Akto API token (sent only to Akto)" },
  { flag: "fail-mode", env: "AKTO_FAIL_MODE", kind: "string", path: ["failMode"], description: "open | closed when Akto cannot answer (default open)" },
  { flag: "timeout-ms", env: "AKTO_TIMEOUT_MS", kind: "integer", path: ["timeoutMs"], description: "deadline of one Akto call (default 3000)" },
  { flag: "mode", env: "AKTO_MODE", kind: "string", path: ["mode"], description: "enforce | monitor (default enforce)" },
  { flag: "output", env: "AKTO_OUTPUT", kind: "string", path: ["output", "mode"], description: "off | buffer | window | audit (default off)" },
  { flag: "proxy-key", env: "AKTO_PROXY_KEYS", kind: "list", path: ["server", "inboundApiKeys"], description: "inbound key clients must send in x-akto-proxy-key (repeatable; env: comma-separated)" },
  { flag: "spool-dir", env: "AKTO_EVENTS_SPOOL_DIR", kind: "string", path: ["events", "spoolDir"], description: "directory that keeps events while Akto is unreachable" },
  { flag: "log-level", env: "AKTO_PROXY_LOG_LEVEL", kind: "string", path: ["logLevel"], description: "fatal | error | warn | info | debug | trace | silent (default info)" },
];

/** The config file path: `--config FILE` / `AKTO_PROXY_CONFIG`. */
export const CONFIG_FILE_ENV = "AKTO_PROXY_CONFIG";
