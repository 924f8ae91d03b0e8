import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { buildPluginFolder } from "../../scripts/build-plugin-folder.mjs";

const fixtures = new URL("../__fixtures__/", import.meta.url);

/** A throwaway copy of a miniature gateway checkout (`gateway-main` or `gateway-2x`). */
export function copyGatewayFixture(name: "gateway-main" | "gateway-2x"): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `akto-portkey-${name}-`));
  cpSync(new URL(`${name}/`, fixtures), dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Generates the drop-in plugin folder into a temporary directory, as `pnpm build` does into akto/. */
export async function buildTemporaryPluginFolder(): Promise<{ dir: string; scanFile: string; manifestFile: string; remove(): void }> {
  const parent = mkdtempSync(join(tmpdir(), "akto-portkey-bundle-"));
  const dir = join(parent, "akto");
  const built = await buildPluginFolder(dir);
  return { dir, scanFile: built.scanFile, manifestFile: built.manifestFile, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** Type-checks a gateway file and everything it imports, as the gateway's own tsc would; returns the errors. */
export function compileGateway(entryFile: string): string[] {
  const program = ts.createProgram([entryFile], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${diagnostic.file.fileName}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: ` : "";
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  });
}
