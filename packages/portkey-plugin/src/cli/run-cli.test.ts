import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyGatewayFixture } from "../test-utils/gateway-checkout";
import { runCli } from "./run-cli";

function capture() {
  let stdout = "";
  let stderr = "";
  return {
    io: { stdout: { write: (text: string) => void (stdout += text) }, stderr: { write: (text: string) => void (stderr += text) } },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

describe("runCli", () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it("should print usage and the version", () => {
    const help = capture();
    expect(runCli(["--help"], help.io)).toBe(0);
    expect(help.stdout).toContain("akto-portkey install <gateway-dir>");
    const version = capture();
    expect(runCli(["--version"], version.io)).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [[], "missing command"],
    [["deploy", "x"], "unknown command deploy"],
    [["install"], "missing <gateway-dir>"],
    [["install", "a", "b"], "unexpected argument b"],
    [["install", "a", "--yes"], "unknown option --yes"],
  ])("should exit 2 on bad usage %j", (argv, problem) => {
    const output = capture();
    expect(runCli(argv, output.io)).toBe(2);
    expect(output.stderr).toContain(problem);
  });

  it("should exit 1 with the error code when the directory is not a gateway", () => {
    const output = capture();
    expect(runCli(["install", "/nonexistent/gateway"], output.io)).toBe(1);
    expect(output.stderr).toMatch(/ERR_GATEWAY_NOT_FOUND/);
  });

  it("should uninstall with --uninstall (and say when there was nothing to remove)", () => {
    const gateway = copyGatewayFixture("gateway-main");
    cleanups.push(gateway.remove);
    const index = readFileSync(join(gateway.dir, "plugins/index.ts"), "utf8");
    const output = capture();
    expect(runCli(["install", gateway.dir, "--uninstall"], output.io)).toBe(0);
    expect(output.stdout).toContain("no plugin folder removed");
    expect(readFileSync(join(gateway.dir, "plugins/index.ts"), "utf8")).toBe(index);
    expect(existsSync(join(gateway.dir, "plugins/akto"))).toBe(false);
  });
});
