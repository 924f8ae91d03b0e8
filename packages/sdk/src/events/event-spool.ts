import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** One queued event: its id and the JSON body to post. */
export interface SpooledEvent {
  readonly id: string;
  readonly body: unknown;
}

// File names: active-<pid>-<instance>-<seq>.jsonl while the owning reporter runs,
// pending-<instance>-<seq>.jsonl after it closed. A starting reporter claims every pending
// file and every active file whose process is gone, by renaming it: rename is atomic, so two
// reporters starting together never both replay the same file.
const ACTIVE = /^active-(\d+)-[\w-]+-\d+\.jsonl$/;
const PENDING = /^pending-[\w-]+-\d+\.jsonl$/;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A directory of JSONL segment files holding events that could not be delivered yet.
 * Segments are written whole (one per spill) and removed once delivered.
 */
export class EventSpool {
  private readonly instance = randomUUID();
  private sequence = 0;
  private readonly segments: string[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly directory: string) {
    mkdirSync(directory, { recursive: true });
  }

  /** Takes over segments left by closed or crashed reporters. Returns how many events they hold. */
  claimOrphans(): number {
    let claimed = 0;
    for (const name of readdirSync(this.directory).sort()) {
      const active = ACTIVE.exec(name);
      const orphan = PENDING.test(name) || (active !== null && Number(active[1]) !== process.pid && !processIsAlive(Number(active[1])));
      if (!orphan) continue;
      const target = this.nextPath();
      try {
        renameSync(join(this.directory, name), target);
      } catch {
        continue; // another reporter claimed it first
      }
      const count = this.read(target).length;
      this.segments.push(target);
      this.counts.set(target, count);
      claimed += count;
    }
    return claimed;
  }

  /** Appends events as a new segment. */
  write(events: ReadonlyArray<SpooledEvent>): void {
    if (events.length === 0) return;
    const path = this.nextPath();
    writeFileSync(path, events.map((event) => JSON.stringify(event)).join("\n") + "\n");
    this.segments.push(path);
    this.counts.set(path, events.length);
  }

  /** The oldest segment's events, or undefined when the spool is empty. */
  peek(): { path: string; events: SpooledEvent[] } | undefined {
    while (this.segments.length > 0) {
      const path = this.segments[0]!;
      const events = this.read(path);
      if (events.length > 0) return { path, events };
      this.drop(path);
    }
    return undefined;
  }

  /** Replaces a segment's content with what is still undelivered (or removes it). */
  rewrite(path: string, remaining: ReadonlyArray<SpooledEvent>): void {
    if (remaining.length === 0) {
      this.drop(path);
      return;
    }
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, remaining.map((event) => JSON.stringify(event)).join("\n") + "\n");
    renameSync(temporary, path);
    this.counts.set(path, remaining.length);
  }

  /** Hands this reporter's segments over to whoever starts next. */
  release(): void {
    this.counts.clear();
    for (const path of this.segments.splice(0)) {
      try {
        renameSync(path, join(this.directory, `pending-${this.instance}-${this.sequence++}.jsonl`));
      } catch {
        // Already gone: nothing to hand over.
      }
    }
  }

  /** Events currently on disk for this reporter. */
  size(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  private drop(path: string): void {
    const index = this.segments.indexOf(path);
    if (index >= 0) this.segments.splice(index, 1);
    this.counts.delete(path);
    rmSync(path, { force: true });
  }

  private nextPath(): string {
    return join(this.directory, `active-${process.pid}-${this.instance}-${this.sequence++}.jsonl`);
  }

  private read(path: string): SpooledEvent[] {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      return [];
    }
    const events: SpooledEvent[] = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const parsed = JSON.parse(line) as SpooledEvent;
        if (parsed && typeof parsed.id === "string") events.push(parsed);
      } catch {
        // A torn last line from a crash: skip it rather than block the rest.
      }
    }
    return events;
  }
}
