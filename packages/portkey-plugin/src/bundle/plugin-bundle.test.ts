import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED_MARKER as SCRIPT_MARKER } from "../../scripts/build-plugin-folder.mjs";
import { GENERATED_MARKER } from "../install/plugin-source-dir";
import type { PluginHandler } from "../portkey/portkey-types";
import { startAktoStub, type AktoStub } from "@akto-guardrails/test-support";
import { buildTemporaryPluginFolder } from "../test-utils/gateway-checkout";
import { BEFORE, chatRequest, portkeyContext } from "../test-utils/portkey-contexts";

interface Manifest {
  id: string;
  credentials: { properties: Record<string, { type: string; encrypted?: boolean }> };
  functions: Array<{ id: string; type: string; supportedHooks: string[]; parameters: { properties: Record<string, unknown> } }>;
}

describe("the generated plugin folder", () => {
  let plugin: Awaited<ReturnType<typeof buildTemporaryPluginFolder>>;
  let source: string;
  let sourceFile: ts.SourceFile;

  beforeAll(async () => {
    plugin = await buildTemporaryPluginFolder();
    source = readFileSync(plugin.scanFile, "utf8");
    sourceFile = ts.createSourceFile("scan.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  });
  afterAll(() => plugin.remove());

  it("should start with @ts-nocheck and the generated marker the installer looks for", () => {
    const [first, second] = source.split("\n");
    expect(first).toBe("// @ts-nocheck");
    expect(SCRIPT_MARKER).toBe(GENERATED_MARKER);
    expect(second?.startsWith(`${GENERATED_MARKER} `)).toBe(true);
    expect(second).toContain("Do not edit");
  });

  it("should import nothing but ../types and ../utils, and export only handler", () => {
    const specifiers: string[] = [];
    const exported: string[] = [];
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        specifiers.push(node.moduleSpecifier.text);
      }
      if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
        exported.push(...node.exportClause.elements.map((element) => element.name.text));
      }
      if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
        specifiers.push(`dynamic:${node.getText()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    expect(specifiers.filter((specifier) => specifier !== "../types" && specifier !== "../utils")).toEqual([]);
    expect(exported).toEqual(["handler"]);
    expect(sourceFile.statements.some((statement) => ts.isExportAssignment(statement))).toBe(false);
  });

  it("should be valid syntax and free of Node-only APIs, process.env and zod", () => {
    const syntaxErrors = (sourceFile as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    expect(syntaxErrors).toEqual([]);
    expect(source).not.toMatch(/["']node:/);
    expect(source).not.toMatch(/\bprocess\s*\.\s*env\b/);
    expect(source).not.toMatch(/\b__dirname\b|\bBuffer\.|\bzod\b|ZodError/);
    expect(Buffer.byteLength(source)).toBeLessThan(200 * 1024);
  });

  it("should carry a manifest whose id and function ids match the files", () => {
    const manifest = JSON.parse(readFileSync(plugin.manifestFile, "utf8")) as Manifest;
    expect(manifest.id).toBe("akto");
    expect(manifest.id).toMatch(/^[A-Za-z_$][\w$]*$/); // Portkey's build-plugins uses it as an identifier prefix
    for (const fn of manifest.functions) {
      expect(existsSync(join(plugin.dir, `${fn.id}.ts`))).toBe(true);
      expect(fn.type).toBe("guardrail");
      expect(fn.supportedHooks).toEqual(["beforeRequestHook", "afterRequestHook"]);
      expect(Object.keys(fn.parameters.properties).sort()).toEqual(["authScheme", "contextSource", "failMode", "mode", "scanOutput", "timeout"]);
    }
    expect(manifest.functions.map((fn) => fn.id)).toEqual(["scan"]);
    expect(manifest.credentials.properties["apiKey"]).toMatchObject({ type: "string", encrypted: true });
    expect(Object.keys(manifest.credentials.properties).sort()).toEqual(["apiDomain", "apiKey", "baseUrl"]);
  });

  describe("loaded in Node as plain JavaScript", () => {
    let stub: AktoStub;
    let handler: PluginHandler;
    beforeAll(async () => {
      stub = await startAktoStub();
      const moduleFile = join(dirname(plugin.scanFile), "scan.mjs");
      copyFileSync(plugin.scanFile, moduleFile);
      ({ handler } = (await import(pathToFileURL(moduleFile).href)) as { handler: PluginHandler });
    });
    afterAll(async () => {
      await stub.close();
    });

    it("should guard a request with core inlined", async () => {
      stub.setAnswer({ status: 200, body: { Allowed: false, Modified: false, ModifiedPayload: "", Reason: "Blocked", behaviour: "block", Metadata: { policy_name: "p", rule_violated: "PromptInjection" } } });
      const blocked = await handler(portkeyContext("chatComplete", chatRequest), { credentials: { baseUrl: stub.url, apiKey: "k" } }, BEFORE);
      expect(blocked).toMatchObject({ verdict: false, error: null, data: { action: "block", rule: "PromptInjection" } });
      expect(stub.requests.at(-1)?.headers["authorization"]).toBe("Bearer k");

      stub.setAnswer({ status: 500, body: { error: "Validation failed" } });
      const closed = await handler(portkeyContext("chatComplete", chatRequest), { credentials: { baseUrl: stub.url }, failMode: "closed" }, BEFORE);
      expect(closed.verdict).toBe(false);
      expect(closed.error).toMatchObject({ name: "GuardrailError", code: "ERR_AKTO_SERVER" });
    });
  });
});
