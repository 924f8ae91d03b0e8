import { Writable } from "node:stream";
import { createLogger } from "@akto-guardrails/sdk";
import type { Logger } from "pino";

export interface LogCapture {
  readonly logger: Logger;
  /** Every line written so far, as text. */
  text(): string;
  /** Every line, parsed. */
  entries(): Array<Record<string, unknown>>;
}

/** A redacting sdk logger whose output is kept in memory (tests assert on it). */
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
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
