const marker = "akto-guardrails.portkey-plugin.error";
const symbol = Symbol.for(marker);

/** Stable codes of {@link PortkeyPluginError}. Match on these, never on messages. */
export type PortkeyPluginErrorCode =
  /** The directory is not a Portkey gateway checkout (no `plugins/index.ts` or `src/plugins/index.ts`). */
  | "ERR_GATEWAY_NOT_FOUND"
  /** The generated `akto/` plugin folder is missing: the package was not built. */
  | "ERR_PLUGIN_NOT_BUILT"
  /** An `akto` plugin folder exists that this package did not write. */
  | "ERR_PLUGIN_CONFLICT"
  /** The gateway's plugin index has no `export const plugins = {` to register in. */
  | "ERR_PLUGIN_INDEX_UNRECOGNISED"
  /** The webhook call carried no valid token. */
  | "ERR_WEBHOOK_UNAUTHORIZED"
  /** The webhook body is not a Portkey webhook payload. */
  | "ERR_INVALID_WEBHOOK_BODY"
  /** Options given to a factory of this package are invalid. */
  | "ERR_INVALID_OPTIONS"
  /** The guard check itself failed unexpectedly (a bug, never an Akto failure). */
  | "ERR_INTERNAL";

export interface PortkeyPluginErrorOptions {
  code: PortkeyPluginErrorCode;
  message: string;
  cause?: unknown;
}

/**
 * Errors of the installer and the webhook. Use `PortkeyPluginError.isInstance(error)`,
 * not `instanceof` (the dual ESM+CJS build can load two copies of this class).
 */
export class PortkeyPluginError extends Error {
  protected readonly [symbol] = true;
  readonly code: PortkeyPluginErrorCode;
  override readonly cause?: unknown;

  constructor({ code, message, cause }: PortkeyPluginErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "PortkeyPluginError";
    this.code = code;
    this.cause = cause;
  }

  static isInstance(error: unknown): error is PortkeyPluginError {
    return typeof error === "object" && error !== null && symbol in error && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
