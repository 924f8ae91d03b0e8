import type { Exchange } from "./exchange";
import type { PortkeyWebhookRoute } from "./portkey-webhook-route";
import type { ProxyRuntime } from "./proxy-runtime";
import { readBody } from "./read-body";
import { sendJson } from "./send-response";

/** `POST /portkey/webhook`: reads the body (same limit as guarded routes) and hands it to the plugin's handler. */
export async function handlePortkeyWebhook(runtime: ProxyRuntime, exchange: Exchange, route: PortkeyWebhookRoute): Promise<void> {
  const { request, response } = exchange;
  if (request.method !== "POST") {
    exchange.action = "rejected";
    sendJson(response, 405, { error: { code: "ERR_METHOD_NOT_ALLOWED", message: "use POST" } }, { allow: "POST" });
    return;
  }
  const read = await readBody(request, runtime.config.server.bodyLimitBytes);
  if (!read.ok) {
    if (read.reason === "too_large") {
      exchange.action = "rejected";
      // Discarded, not cut off, so the client can read the 413 (see guarded-route.ts).
      request.resume();
      sendJson(response, 413, { error: { code: "ERR_BODY_TOO_LARGE", message: "the webhook body is too large" } });
    }
    return;
  }
  const answer = await route({ headers: request.headers, body: read.body.toString("utf8"), signal: exchange.abort.signal });
  exchange.action = answer.status === 200 ? "webhook" : "rejected";
  sendJson(response, answer.status, answer.body);
}
