import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The ids of every event held in a spool directory's JSONL segments (duplicates kept). */
export function spooledEventIds(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(".jsonl"))
    .flatMap((name) =>
      readFileSync(join(directory, name), "utf8")
        .split("\n")
        .flatMap((line) => {
          if (!line.trim()) return [];
          try {
            const parsed = JSON.parse(line) as { id?: unknown };
            return typeof parsed.id === "string" ? [parsed.id] : [];
          } catch {
            return [];
          }
        }),
    );
}
