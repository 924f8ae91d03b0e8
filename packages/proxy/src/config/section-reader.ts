/** Collects problems as `- path: message` lines, the format core's `formatOptionIssues` uses. */
export class ProblemList {
  readonly lines: string[] = [];

  add(path: ReadonlyArray<string>, message: string): void {
    this.lines.push(`- ${path.join(".") || "(options)"}: ${message}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface NumberRule {
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
}

/**
 * Reads the fields of one configuration section, recording a problem for every bad field
 * and for unknown keys (sections are strict, like core's options schema).
 */
export class SectionReader {
  private readonly values: Record<string, unknown>;

  constructor(
    value: unknown,
    private readonly path: ReadonlyArray<string>,
    knownKeys: ReadonlyArray<string>,
    private readonly problems: ProblemList,
  ) {
    if (value !== undefined && !isPlainObject(value)) {
      problems.add(path, "must be an object");
      this.values = {};
      return;
    }
    this.values = value ?? {};
    for (const key of Object.keys(this.values)) {
      if (!knownKeys.includes(key)) problems.add([...path, key], "is not a known option");
    }
  }

  private at(key: string): ReadonlyArray<string> {
    return [...this.path, key];
  }

  integer(key: string, rule: NumberRule): number {
    const value = this.values[key];
    if (value === undefined) return rule.fallback;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.problems.add(this.at(key), "must be an integer");
      return rule.fallback;
    }
    if (value < rule.min || value > rule.max) {
      this.problems.add(this.at(key), `must be between ${rule.min} and ${rule.max}`);
      return rule.fallback;
    }
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.values[key];
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") {
      this.problems.add(this.at(key), "must be true or false");
      return fallback;
    }
    return value;
  }

  string(key: string): string | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value.length === 0) {
      this.problems.add(this.at(key), "must be a non-empty string");
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(key: string, choices: ReadonlyArray<T>, fallback: T): T {
    const value = this.values[key];
    if (value === undefined) return fallback;
    if (typeof value !== "string" || !(choices as ReadonlyArray<string>).includes(value)) {
      this.problems.add(this.at(key), `must be one of ${choices.map((choice) => `"${choice}"`).join(", ")}`);
      return fallback;
    }
    return value as T;
  }

  /** An http(s) base URL without query or fragment; returned without a trailing slash. */
  url(key: string): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.add(this.at(key), "must be an http:// or https:// URL");
      return undefined;
    }
    if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.search !== "" || parsed.hash !== "" || parsed.username !== "" || parsed.password !== "") {
      this.problems.add(this.at(key), "must be an http:// or https:// URL without credentials, query or fragment");
      return undefined;
    }
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
  }

  stringList(key: string): string[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item.length === 0)) {
      this.problems.add(this.at(key), "must be a list of non-empty strings");
      return undefined;
    }
    return [...(value as string[])];
  }
}
