import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AktoGuardrailsMiddleware } from "@akto-guardrails/express-middleware";

// Express ships no types and @types/express is not a dependency of this package: the request and response types
// are the ones the middleware itself is typed with, and Express is loaded through require (it is CommonJS).
export type ExpressRequest = Parameters<AktoGuardrailsMiddleware>[0];
export type ExpressResponse = Parameters<AktoGuardrailsMiddleware>[1];
type Handler = (request: ExpressRequest, response: ExpressResponse, next: (error?: unknown) => void) => void;

/** The part of an Express 5 application these tests use. */
export interface ExpressApp {
  (request: IncomingMessage, response: ServerResponse): void;
  use(handler: Handler | AktoGuardrailsMiddleware): ExpressApp;
  post(path: string, handler: (request: ExpressRequest, response: ExpressResponse) => void | Promise<void>): ExpressApp;
}

interface ExpressModule {
  (): ExpressApp;
  json(): Handler;
}

const require = createRequire(import.meta.url);

/** Express 5 (the version pinned by this package). */
export const express = require("express") as ExpressModule;
