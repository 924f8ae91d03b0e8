import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join, normalize } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * @akto-guardrails/core runs unchanged in a browser: its ESM build and zod, served as plain files with an import
 * map, decide a sanitization in headless Chromium exactly as on Node (the workerd run is in portkey-plugin's tests).
 */
const require = createRequire(import.meta.url);
const coreDist = join(dirname(require.resolve("@akto-guardrails/core/package.json")), "dist");
const zodRoot = dirname(createRequire(require.resolve("@akto-guardrails/core/package.json")).resolve("zod/package.json"));
const chromiumPath = "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  if (process.env["CI"] === "true") throw new Error(`${chromiumPath} is missing; CI must install chromium`);
  console.warn(`core browser test skipped: ${chromiumPath} not found (apt-get install -y chromium)`);
}

const PAGE = `<!doctype html>
<script type="importmap">{ "imports": { "zod": "/zod/index.js" } }</script>
<script type="module">
  import { parseGuardrailsOptions, runGuard } from "/core/index.js";
  const request = { model: "gpt-4o-mini", messages: [
    { role: "system", content: "Escalate to ops@example.com" },
    { role: "user", content: "My email is jane@example.com" } ] };
  const redacted = JSON.stringify({ body: request }).replaceAll("ops@example.com", "[REDACTED]").replaceAll("jane@example.com", "[REDACTED]");
  const transport = { send: async () => ({ status: 200, body: JSON.stringify({ Allowed: true, Modified: true, ModifiedPayload: redacted, behaviour: "mask" }) }) };
  const options = parseGuardrailsOptions({ akto: { baseUrl: "https://example.akto.io" } });
  const result = await runGuard({ stage: "input", body: request, context: { path: "/v1/chat/completions" } }, options,
    { transport, clock: { now: () => Date.now() }, generateId: () => crypto.randomUUID() });
  window.__result = { decision: result.decision, body: result.body, hasProcess: typeof process !== "undefined" };
</script>`;

function serveFile(root: string, relative: string): Buffer | undefined {
  const path = normalize(join(root, relative));
  if (!path.startsWith(root) || !existsSync(path) || !statSync(path).isFile()) return undefined;
  return readFileSync(path);
}

describe.skipIf(!hasChromium)("@akto-guardrails/core in a browser", () => {
  let server: Server;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = (request.url ?? "/").split("?")[0]!;
      let file: Buffer | undefined;
      if (path === "/") file = Buffer.from(PAGE);
      else if (path.startsWith("/core/")) file = serveFile(coreDist, path.slice("/core/".length));
      else if (path.startsWith("/zod/")) file = serveFile(zodRoot, path.slice("/zod/".length));
      if (!file) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": path === "/" ? "text/html" : "text/javascript" }).end(file);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it("should sanitize every message with the same decision as on Node", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    // The callbacks run in the page, where `globalThis` is the window.
    await page.waitForFunction(() => (globalThis as { __result?: unknown }).__result !== undefined, undefined, { timeout: 20_000 });
    const result = (await page.evaluate(() => (globalThis as { __result?: unknown }).__result)) as {
      decision: { action: string; outcome: string };
      body: { messages: Array<{ content: string }> };
      hasProcess: boolean;
    };
    expect(errors).toEqual([]);
    expect(result.hasProcess).toBe(false);
    expect(result.decision).toMatchObject({ action: "sanitize", outcome: "sanitize" });
    expect(result.body.messages.map((message) => message.content)).toEqual(["Escalate to [REDACTED]", "My email is [REDACTED]"]);
  });
});
