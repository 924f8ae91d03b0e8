import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildTemporaryPluginFolder, compileGateway, copyGatewayFixture } from "../test-utils/gateway-checkout";
import { installPlugin, uninstallPlugin } from "./install-plugin";

describe("installPlugin", () => {
  let plugin: Awaited<ReturnType<typeof buildTemporaryPluginFolder>>;
  const cleanups: Array<() => void> = [];
  const gateway = (name: "gateway-main" | "gateway-2x") => {
    const copy = copyGatewayFixture(name);
    cleanups.push(copy.remove);
    return copy.dir;
  };

  beforeAll(async () => {
    plugin = await buildTemporaryPluginFolder();
  });
  afterAll(() => plugin.remove());
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it("should install into the plugins/ layout of main so that the gateway compiles", () => {
    const dir = gateway("gateway-main");
    expect(compileGateway(join(dir, "check.ts")).join("\n")).toMatch(/akto/); // not registered yet
    const originalIndex = readFileSync(join(dir, "plugins/index.ts"), "utf8");

    const result = installPlugin({ gatewayDir: dir, sourceDir: plugin.dir });
    expect(result).toMatchObject({ layout: "plugins", indexChanged: true, registration: "ours", confChanged: true, files: ["manifest.json", "scan.ts"] });
    expect(readFileSync(join(dir, "plugins/akto/scan.ts"), "utf8")).toBe(readFileSync(plugin.scanFile, "utf8"));
    expect(readFileSync(join(dir, "plugins/index.ts"), "utf8")).not.toBe(originalIndex);
    expect(JSON.parse(readFileSync(join(dir, "conf.json"), "utf8")).plugins_enabled).toEqual(["default", "akto"]);
    expect(compileGateway(join(dir, "check.ts"))).toEqual([]);
  });

  it("should be idempotent and reversible", () => {
    const dir = gateway("gateway-main");
    const originalIndex = readFileSync(join(dir, "plugins/index.ts"), "utf8");
    const originalConf = readFileSync(join(dir, "conf.json"), "utf8");
    installPlugin({ gatewayDir: dir, sourceDir: plugin.dir });
    const installedIndex = readFileSync(join(dir, "plugins/index.ts"), "utf8");

    const again = installPlugin({ gatewayDir: dir, sourceDir: plugin.dir });
    expect(again).toMatchObject({ indexChanged: false, confChanged: false, registration: "ours" });
    expect(readFileSync(join(dir, "plugins/index.ts"), "utf8")).toBe(installedIndex);

    const removed = uninstallPlugin({ gatewayDir: dir });
    expect(removed).toMatchObject({ indexChanged: true, confChanged: true, registration: "none", files: ["manifest.json", "scan.ts"] });
    expect(existsSync(join(dir, "plugins/akto"))).toBe(false);
    expect(readFileSync(join(dir, "plugins/index.ts"), "utf8")).toBe(originalIndex);
    expect(readFileSync(join(dir, "conf.json"), "utf8")).toBe(originalConf);
    expect(uninstallPlugin({ gatewayDir: dir })).toMatchObject({ indexChanged: false, confChanged: false, files: [] });
  });

  it("should install into the src/plugins/ layout of 2.x and leave the stray root plugins/akto alone", () => {
    const dir = gateway("gateway-2x");
    const stray = readFileSync(join(dir, "plugins/akto/manifest.json"), "utf8");
    const result = installPlugin({ gatewayDir: dir, sourceDir: plugin.dir });
    expect(result).toMatchObject({ layout: "src/plugins", pluginDir: join(dir, "src/plugins/akto"), indexChanged: true });
    expect(readFileSync(join(dir, "plugins/akto/manifest.json"), "utf8")).toBe(stray);
    expect(compileGateway(join(dir, "src/check.ts"))).toEqual([]);
  });

  it("should keep a registration it did not write (Portkey's 2.0.0 branch) and only add the folder", () => {
    const dir = gateway("gateway-2x");
    const indexFile = join(dir, "src/plugins/index.ts");
    const preexisting = readFileSync(indexFile, "utf8").replace(
      "export const plugins = {",
      "import { handler as aktoScan } from './akto/scan';\n\nexport const plugins = {\n  akto: {\n    scan: aktoScan,\n  },",
    );
    writeFileSync(indexFile, preexisting);
    expect(compileGateway(join(dir, "src/check.ts")).join("\n")).toMatch(/akto\/scan/); // the broken 2.0.0 state

    expect(installPlugin({ gatewayDir: dir, sourceDir: plugin.dir })).toMatchObject({ indexChanged: false, registration: "pre-existing" });
    expect(readFileSync(indexFile, "utf8")).toBe(preexisting);
    expect(compileGateway(join(dir, "src/check.ts"))).toEqual([]);

    expect(uninstallPlugin({ gatewayDir: dir })).toMatchObject({ indexChanged: false, confChanged: false, registration: "pre-existing" });
    expect(readFileSync(indexFile, "utf8")).toBe(preexisting);
  });

  it("should refuse to overwrite an akto folder it did not write, unless forced", () => {
    const dir = gateway("gateway-main");
    mkdirSync(join(dir, "plugins/akto"));
    writeFileSync(join(dir, "plugins/akto/scan.ts"), "export const handler = async () => ({ verdict: true });\n");
    expect(() => installPlugin({ gatewayDir: dir, sourceDir: plugin.dir })).toThrow(expect.objectContaining({ code: "ERR_PLUGIN_CONFLICT" }));
    expect(uninstallPlugin({ gatewayDir: dir }).files).toEqual([]);
    expect(existsSync(join(dir, "plugins/akto/scan.ts"))).toBe(true);

    installPlugin({ gatewayDir: dir, sourceDir: plugin.dir, force: true });
    expect(readFileSync(join(dir, "plugins/akto/scan.ts"), "utf8")).toBe(readFileSync(plugin.scanFile, "utf8"));
  });

  it("should explain what is missing", () => {
    const dir = gateway("gateway-main");
    expect(() => installPlugin({ gatewayDir: join(dir, "plugins/default"), sourceDir: plugin.dir })).toThrow(
      expect.objectContaining({ code: "ERR_GATEWAY_NOT_FOUND" }),
    );
    expect(() => installPlugin({ gatewayDir: join(dir, "nope"), sourceDir: plugin.dir })).toThrow(expect.objectContaining({ code: "ERR_GATEWAY_NOT_FOUND" }));
    expect(() => installPlugin({ gatewayDir: dir, sourceDir: join(dir, "plugins") })).toThrow(expect.objectContaining({ code: "ERR_PLUGIN_NOT_BUILT" }));
    writeFileSync(join(dir, "plugins/index.ts"), "export default {};\n");
    expect(() => installPlugin({ gatewayDir: dir, sourceDir: plugin.dir })).toThrow(expect.objectContaining({ code: "ERR_PLUGIN_INDEX_UNRECOGNISED" }));
  });

  it("should work without a conf.json and leave a malformed one alone", () => {
    const dir = gateway("gateway-2x");
    writeFileSync(join(dir, "conf.json"), "{ not json");
    expect(installPlugin({ gatewayDir: dir, sourceDir: plugin.dir }).confChanged).toBe(false);
    expect(readFileSync(join(dir, "conf.json"), "utf8")).toBe("{ not json");
  });
});
