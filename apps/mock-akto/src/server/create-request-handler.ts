import type { IncomingMessage, ServerResponse } from "node:http";
import type { MockAktoAdmin } from "../types";
import { dashboardPage } from "./dashboard-page";
import { faultReply, replacementFaults } from "./fault-replies";
import { handleAdmin } from "./handle-admin";
import { emptyReply, jsonReply, notFoundReply, type HttpReply } from "./http-reply";
import { readBody } from "./read-body";
import { recordFaultedValidation } from "./record-faulted-validation";
import type { RouteContext } from "./route-context";
import { isAuthorized, routes } from "./routes";
import { delay, type ServerState } from "./server-state";
import { corsHeaders, writeReply } from "./write-reply";

const tooLargeReply = jsonReply(413, { error: "request body exceeds maximum allowed size" });

async function handle(state: ServerState, admin: MockAktoAdmin, request: IncomingMessage, response: ServerResponse) {
  const startedAt = performance.now();
  const url = request.url ?? "/";
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? "" : url.slice(queryStart + 1);
  const method = request.method ?? "GET";
  const send = (reply: HttpReply) => writeReply(state, response, reply, null);

  // gin's CORS middleware answers every preflight before routing.
  if (method === "OPTIONS") {
    request.resume();
    response.writeHead(204, corsHeaders);
    response.end();
    return;
  }
  if (path === "/") {
    request.resume();
    send(method === "GET" ? { status: 200, body: dashboardPage, contentType: "text/html; charset=utf-8" } : notFoundReply);
    return;
  }

  const received = await readBody(request);
  if (received === null) {
    send(tooLargeReply);
    return;
  }
  const { text: body, bytes: bodyBytes } = received;
  if (path.startsWith("/__admin/")) {
    send(handleAdmin(state, admin, { method, path, query, body }));
    return;
  }

  state.recorder.requests.push({ method, path, query, headers: request.headers, bodyBytes });
  const handler = routes.get(path);
  const route = handler?.methods[method];
  if (handler === undefined || route === undefined) {
    send(notFoundReply);
    return;
  }
  if (!isAuthorized(handler.auth, request.headers.authorization, state.options.token)) {
    send(emptyReply(401));
    return;
  }

  const fault = state.faults.pick(path);
  if (fault?.latencyMs !== undefined) await delay(state, state.faults.drawLatency(fault.latencyMs));
  const context: RouteContext = { state, request, path, query, body, bodyBytes, startedAt, fault };

  if (fault !== null && replacementFaults.has(fault.kind)) {
    recordFaultedValidation(context, fault);
    if (fault.kind === "hang") return; // the socket stays open until the client gives up or close()
    if (fault.kind === "reset") {
      request.socket.destroy();
      return;
    }
    const reply = faultReply(state, fault, path);
    if (reply !== null) send(reply);
    return;
  }
  writeReply(state, response, route(context), fault);
}

/** The node:http listener: routing, auth, faults, recording. */
export function createRequestHandler(state: ServerState, admin: MockAktoAdmin) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    state.inflight += 1;
    response.once("close", () => {
      state.inflight -= 1;
    });
    handle(state, admin, request, response).catch(() => {
      // A handler bug or a client that went away mid-body: answer if still possible, never crash.
      if (!response.headersSent && !response.destroyed) {
        writeReply(state, response, jsonReply(500, { error: "internal mock error" }), null);
      } else {
        response.destroy();
      }
    });
  };
}
