import { Writable } from "node:stream";
import { createLogger } from "@akto-guardrails/sdk";

export type SdkLogger = ReturnType<typeof createLogger>;

export interface LogCapture {
  /** A redacting sdk logger (the adapters' default kind) whose lines are kept in memory. */
  readonly logger: SdkLogger;
  /** Everything written so far, raw. */
  text(): string;
  /** Every line, parsed (lines that are not JSON are skipped). */
  entries(): Array<Record<string, unknown>>;
}

/** Captures pino output through a destination stream. */
export function captureLogs(level: "debug" | "info" | "silent" = "debug"): LogCapture {
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

/** A logger that writes nothing. */
export const silentLogger = (): SdkLogger => createLogger({ level: "silent" });
