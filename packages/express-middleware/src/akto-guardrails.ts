import {
  buildBlockedResponse,
  decisionHeaders,
  detectApiShape,
  GuardrailError,
  safeParseGuardrailsOptions,
  type Decision,
  type DetectedShape,
  type GuardContext,
  type GuardResult,
  type Stage,
} from "@akto-guardrails/core";
import { createGuardrails, type Guardrails } from "@akto-guardrails/sdk";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { resolveRequestBody, writeRequestBody } from "./body/resolve-request-body";
import type { ExtractedPart } from "./extract/create-extractor";
import { AktoGuardrailsAbortError } from "./errors/akto-guardrails-abort-error";
import { scanRequest } from "./input/scan-request";
import type { AktoGuardrailsOptions, StreamBlockedInfo } from "./options/akto-guardrails-options";
import { resolveExpressOptions, type ResolvedExpressOptions } from "./options/resolve-express-options";
import { installOutputGuard, type OutputGuard } from "./output/install-output-guard";
import type { AktoGuardrailsRequestState } from "./request-state";
import { sendApiError, sendJson } from "./respond/send-json";
import { fullPathOf } from "./routes/create-route-matcher";

/** The middleware, plus the guard engine behind it. */
export interface AktoGuardrailsMiddleware extends RequestHandler {
  /** The sdk engine: `health()`, `stats()`, `onResult(listener)`. */
  readonly guardrails: Guardrails;
  /** Flushes pending events to Akto (or the spool) and closes connections; call it on shutdown. */
  close(): Promise<void>;
}

/** Cap on the routes remembered for "not scanned" warnings, so the set cannot grow without bound. */
const MAX_WARNED_ROUTES = 1000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function headerValue(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Express middleware that puts Akto guardrails in front of the LLM routes of an app:
 * `app.use(aktoGuardrails({ akto: { baseUrl, apiKey } }))`. Works with Express 4 and 5, with or
 * without `express.json()` before it. Throws a `GuardrailError` (`ERR_INVALID_OPTIONS`) listing
 * every problem when the options are invalid.
 */
export function aktoGuardrails(options: AktoGuardrailsOptions): AktoGuardrailsMiddleware {
  const {
    routes,
    extract,
    onBlock,
    onStreamBlocked,
    bodyLimit,
    logger,
    transport,
    cacheStore,
    clock,
    ...guardrailsOptions
  } = (options ?? {}) as AktoGuardrailsOptions;

  const problems: string[] = [];
  const core = safeParseGuardrailsOptions(guardrailsOptions);
  if (!core.success) problems.push(...core.problems);
  const expressOptions = resolveExpressOptions({
    ...(routes === undefined ? {} : { routes }),
    ...(extract === undefined ? {} : { extract }),
    ...(onBlock === undefined ? {} : { onBlock }),
    ...(onStreamBlocked === undefined ? {} : { onStreamBlocked }),
    ...(bodyLimit === undefined ? {} : { bodyLimit }),
  });
  if (!expressOptions.success) problems.push(...expressOptions.problems);
  if (!expressOptions.success || problems.length > 0) {
    throw new GuardrailError({ code: "ERR_INVALID_OPTIONS", message: `Invalid aktoGuardrails options:\n${problems.join("\n")}` });
  }

  const guardrails = createGuardrails({
    ...guardrailsOptions,
    ...(logger ? { logger } : {}),
    ...(transport ? { transport } : {}),
    ...(cacheStore ? { cacheStore } : {}),
    ...(clock ? { clock } : {}),
  } as Parameters<typeof createGuardrails>[0]);
  const handle = createRequestHandler(guardrails, expressOptions.value);

  const middleware = (request: Request, response: Response, next: NextFunction): void => {
    // Express 4 does not catch rejected promises, so nothing may escape from here.
    handle(request, response)
      .then(
        (proceed) => {
          if (proceed) next();
        },
        (error: unknown) => {
          guardrails.logger.error({ error: errorMessage(error), route: fullPathOf(request) }, "akto-guardrails: middleware failed");
          if (!response.headersSent) sendApiError(response, "unknown", 500, "Akto guardrails failed to process the request");
          else response.destroy();
        },
      )
      .catch((error: unknown) => {
        guardrails.logger.error({ error: errorMessage(error) }, "akto-guardrails: error after the middleware finished");
      });
  };
  return Object.assign(middleware, { guardrails, close: () => guardrails.close() });
}

/** The per-request flow; resolves `true` when the request goes on to the route handler. */
function createRequestHandler(guardrails: Guardrails, options: ResolvedExpressOptions) {
  const warnedRoutes = new Set<string>();
  const warnUnscanned = (route: string, reason: string) => {
    if (warnedRoutes.has(route) || warnedRoutes.size >= MAX_WARNED_ROUTES) return;
    warnedRoutes.add(route);
    guardrails.logger.warn({ route, reason }, "akto-guardrails: response passed without an output scan");
  };
  const outputEnabled = guardrails.options.output.mode !== "off";

  const respondBlocked = async (
    request: Request,
    response: Response,
    stage: Stage,
    shape: DetectedShape,
    result: GuardResult,
    decision: Decision,
  ): Promise<void> => {
    const blockedResponse = buildBlockedResponse(shape, decision);
    const headers = decisionHeaders(decision, result.latencyMs);
    if (options.onBlock) {
      try {
        for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
        response.removeHeader("content-length");
        response.removeHeader("etag");
        await options.onBlock({ stage, decision, result, shape, blockedResponse }, request, response);
      } catch (error) {
        guardrails.logger.error({ error: errorMessage(error), route: fullPathOf(request) }, "akto-guardrails: onBlock failed; sending the default blocked response");
      }
      if (response.headersSent || response.writableEnded) return;
    }
    sendJson(response, blockedResponse.status, blockedResponse.body, headers);
  };

  return async (request: Request, response: Response): Promise<boolean> => {
    if (request.method !== "POST" || request.aktoGuardrails !== undefined || !options.matchRoute(request)) return true;

    const path = fullPathOf(request);
    const pathShape = detectApiShape(path, undefined);
    const controller = new AbortController();
    let clientGone = false;
    let outputGuard: OutputGuard | undefined;
    response.once("close", () => {
      if (response.writableFinished) return;
      clientGone = true;
      controller.abort(new AktoGuardrailsAbortError("ERR_CLIENT_CLOSED", "The client closed the connection"));
      outputGuard?.cancel();
    });

    const read = await resolveRequestBody(request, options.bodyLimit);
    if (read.kind === "aborted" || clientGone) return false;
    if (read.kind === "error") {
      sendApiError(response, pathShape, read.status, read.message);
      return false;
    }
    const body = read.body;

    // API paths decide their shape; a custom route is read through `extract`, or detected from its body.
    const custom = pathShape === "unknown" && options.requestExtractor !== undefined;
    const shape: DetectedShape = pathShape !== "unknown" || custom ? pathShape : detectApiShape(path, body);
    if (shape !== "unknown" && !isPlainObject(body)) {
      sendApiError(response, shape, 400, "The request body must be a JSON object");
      return false;
    }
    let parts: ExtractedPart[] | undefined;
    if (custom) {
      try {
        parts = options.requestExtractor!(body, request);
      } catch (error) {
        guardrails.logger.warn({ error: errorMessage(error), route: path }, "akto-guardrails: extract failed");
        sendApiError(response, shape, 400, "The request body does not have the fields this route expects");
        return false;
      }
    }

    const sessionId = headerValue(request, "x-session-id");
    const requestId = headerValue(request, "x-request-id");
    const context: GuardContext = {
      path,
      method: request.method,
      headers: request.headers,
      ...(request.ip ? { ip: request.ip } : {}),
      ...(sessionId ? { sessionId } : {}),
      ...(requestId ? { requestId } : {}),
    };

    const scan = await scanRequest({
      guardrails,
      body,
      shape,
      context,
      signal: controller.signal,
      ...(parts ? { parts } : {}),
      ...(read.text === undefined ? {} : { rawBody: read.text }),
    });
    if (clientGone) return false;

    const state: AktoGuardrailsRequestState = { decision: scan.decision, result: scan.result, shape, custom, signal: controller.signal };
    request.aktoGuardrails = state;

    if (scan.decision.action === "block") {
      controller.abort(new AktoGuardrailsAbortError("ERR_REQUEST_BLOCKED", "Akto guardrails blocked the request", scan.decision));
      await respondBlocked(request, response, "input", shape, scan.result, scan.decision);
      return false;
    }
    for (const [name, value] of Object.entries(decisionHeaders(scan.decision, scan.result.latencyMs))) response.setHeader(name, value);
    if (scan.changed && !writeRequestBody(request, scan.body, read.form)) {
      sendApiError(response, shape, 400, "The sanitized request could not be serialised (it is nested too deeply)");
      return false;
    }

    if (outputEnabled) {
      outputGuard = installOutputGuard({
        guardrails,
        request,
        response,
        shape,
        custom,
        forwardedRequest: scan.body,
        inputResult: scan.result,
        context,
        signal: controller.signal,
        ...(options.responseExtractor ? { responseExtractor: options.responseExtractor } : {}),
        ...(options.streamShape ? { streamShape: options.streamShape } : {}),
        isClientGone: () => clientGone,
        respondBlocked: async (result, decision) => {
          controller.abort(new AktoGuardrailsAbortError("ERR_RESPONSE_BLOCKED", "Akto guardrails blocked the response", decision));
          await respondBlocked(request, response, "output", shape, result, decision);
        },
        respondFailure: (error) => {
          guardrails.logger.error({ error: errorMessage(error), route: path }, "akto-guardrails: output guard failed");
          if (!response.headersSent) sendApiError(response, shape, 500, "Akto guardrails failed to process the response");
          else response.destroy();
        },
        onStreamBlocked: (blockedBy) => {
          const decision = blockedBy?.decision;
          controller.abort(new AktoGuardrailsAbortError("ERR_RESPONSE_BLOCKED", "Akto guardrails cut the response stream", decision));
          if (!blockedBy || !decision) return;
          const info: StreamBlockedInfo = { decision, result: blockedBy, shape };
          response.emit("aktoGuardrailsBlocked", info);
          try {
            options.onStreamBlocked?.(info, request, response);
          } catch (error) {
            guardrails.logger.error({ error: errorMessage(error), route: path }, "akto-guardrails: onStreamBlocked failed");
          }
        },
        warnUnscanned: (reason) => warnUnscanned(path, reason),
      });
    }
    return true;
  };
}
