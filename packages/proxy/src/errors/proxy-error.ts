const marker = "akto-guardrails.proxy-error";
const symbol = Symbol.for(marker);

/**
 * Stable codes of the proxy's own errors (configuration and lifecycle). Match on them, never on messages.
 *
 * - `ERR_INVALID_CONFIG`: the merged configuration (file, environment, flags) is invalid; `problems` lists every issue.
 * - `ERR_CONFIG_FILE`: the configuration file cannot be read or parsed.
 * - `ERR_INVALID_ARGUMENT`: an unknown or malformed command-line argument.
 * - `ERR_SERVER_STATE`: `listen()` called twice, or after `close()`.
 */
export type ProxyErrorCode = "ERR_INVALID_CONFIG" | "ERR_CONFIG_FILE" | "ERR_INVALID_ARGUMENT" | "ERR_SERVER_STATE";

export interface ProxyErrorOptions {
  readonly code: ProxyErrorCode;
  readonly message: string;
  /** Every problem found, one line each (`- server.port: must be an integer`). */
  readonly problems?: ReadonlyArray<string>;
  readonly cause?: unknown;
}

/** The error type of @akto-guardrails/proxy. Check it with `ProxyError.isInstance(error)`, not `instanceof`. */
export class ProxyError extends Error {
  protected readonly [symbol] = true; // the marker isInstance looks for
  readonly code: ProxyErrorCode;
  readonly problems: ReadonlyArray<string>;

  constructor({ code, message, problems = [], cause }: ProxyErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "ProxyError";
    this.code = code;
    this.problems = problems;
  }

  static isInstance(error: unknown): error is ProxyError {
    return typeof error === "object" && error !== null && symbol in error && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
