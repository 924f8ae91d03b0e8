import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempRoot {
  readonly path: string;
  /** A fresh sub-directory. */
  directory(prefix: string): string;
  remove(): void;
}

/** One temp directory per suite, so spools never leak into each other or into the default spool location. */
export function createTempRoot(prefix: string): TempRoot {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  let counter = 0;
  return {
    path,
    directory(name) {
      const directory = join(path, `${name}-${(counter += 1)}`);
      mkdirSync(directory, { recursive: true });
      return directory;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
