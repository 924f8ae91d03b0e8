import { pino, type Logger, type LoggerOptions } from "pino";

/**
 * Paths pino must censor wherever they appear. They are constants: redaction paths must never
 * come from user input (pino's own warning).
 */
export const REDACT_PATHS: ReadonlyArray<string> = [
  "apiKey",
  "*.apiKey",
  "*.*.apiKey",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "*.headers.cookie",
  "*.headers['x-api-key']",
  "*.headers['api-key']",
  "*.headers['proxy-authorization']",
  "*.headers['x-portkey-config']",
  "*.headers['x-portkey-api-key']",
  "headers.authorization",
  "headers.cookie",
  "headers['x-api-key']",
  "headers['api-key']",
  "headers['proxy-authorization']",
  "headers['x-portkey-config']",
  "headers['x-portkey-api-key']",
];

export interface CreateLoggerOptions {
  readonly level?: LoggerOptions["level"];
  readonly name?: string;
  /** Where lines go; default stdout. */
  readonly destination?: NodeJS.WritableStream;
}

/** A pino logger with every credential path redacted. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const loggerOptions: LoggerOptions = {
    level: options.level ?? "info",
    ...(options.name ? { name: options.name } : {}),
    redact: { paths: [...REDACT_PATHS], censor: "[redacted]" },
    base: undefined,
  };
  return options.destination ? pino(loggerOptions, options.destination as pino.DestinationStream) : pino(loggerOptions);
}
