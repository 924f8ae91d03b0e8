import { Writable } from "node:stream";

/** The factory a logger comes from: the sdk's `createLogger` (passed in, so this package does not depend on the sdk). */
export type LoggerFactory<TLogger> = (options: { level: "debug" | "info" | "silent"; destination: NodeJS.WritableStream }) => TLogger;

export interface LogCapture<TLogger> {
  /** A logger made by the factory (the adapters' default, redacting one) whose lines are kept in memory. */
  readonly logger: TLogger;
  /** Everything written so far, raw. */
  text(): string;
  /** Every line, parsed (lines that are not JSON are skipped). */
  entries(): Array<Record<string, unknown>>;
}

/** Captures a pino logger's output through a destination stream. */
export function captureLogs<TLogger>(createLogger: LoggerFactory<TLogger>, level: "debug" | "info" | "silent" = "debug"): LogCapture<TLogger> {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ level, destination });
  return {
    logger,
    text: () => chunks.join(""),
    entries: () =>
      chunks
        .join("")
        .split("\n")
        .flatMap((line) => {
          if (!line.trim()) return [];
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
  };
}
