import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express5 from "express";
import express4 from "express-v4";
import { createLogger } from "@akto-guardrails/sdk";

/** Both supported Express majors, for `describe.each`. */
export const EXPRESS_VERSIONS = [
  ["express 4", express4],
  ["express 5", express5],
] as const;

export type ExpressFactory = typeof express5;

export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with a free port. */
export async function startApp(app: RequestListener): Promise<RunningApp> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const silentLogger = () => createLogger({ level: "silent" });

export const spoolDir = () => mkdtempSync(join(tmpdir(), "express-guardrails-spool-"));

export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

/** POSTs a body (an object is sent as JSON) and reads the whole answer. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const chat = (content: string, system?: string) => ({
  model: "gpt-4o-mini",
  messages: [...(system ? [{ role: "system", content: system }] : []), { role: "user", content }],
});
