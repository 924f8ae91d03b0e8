import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const sourceRoot = new URL(".", import.meta.url).pathname;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return name === "__fixtures__" || name === "test-utils" ? [] : sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;
const FORBIDDEN_GLOBALS = /\b(process|Buffer|setTimeout|setInterval|setImmediate|fetch|require|globalThis|window|crypto)\b\s*[.(]/;

/** Source code with comments and string literals blanked out, so prose never trips the checks. */
function withoutCommentsAndStrings(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/[^\n]*/g, " ")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
}

describe("core purity", () => {
  const files = sourceFiles(sourceRoot);

  it("should have source files to check", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("should import only relative modules and zod", () => {
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? match[3] ?? "";
        if (!specifier.startsWith(".") && specifier !== "zod") offenders.push(`${relative(sourceRoot, file)}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("should not touch Node or host globals (timers, process, fetch)", () => {
    const offenders = files.filter((file) => FORBIDDEN_GLOBALS.test(withoutCommentsAndStrings(readFileSync(file, "utf8"))));
    expect(offenders.map((file) => relative(sourceRoot, file))).toEqual([]);
  });

  it("should depend on zod only", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(["zod"]);
  });
});
