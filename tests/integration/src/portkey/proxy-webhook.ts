import { createProxyServer } from "@akto-guardrails/proxy";
import type { GuardrailsOptions } from "@akto-guardrails/core";
import type { WebhookServer } from "./webhook-server";

/**
 * The product path for a stock Portkey gateway: the real proxy, its `POST /portkey/webhook` route enabled with a
 * token, guarding with the given options (output scanning on, so after-hooks are scanned too).
 */
export async function startProxyWebhook(guardrails: GuardrailsOptions, token?: string): Promise<WebhookServer> {
  const proxy = createProxyServer({
    ...guardrails,
    output: "buffer",
    events: { destination: "none" },
    upstream: { openai: "http://127.0.0.1:9" },
    server: { port: 0 },
    portkeyWebhook: { enabled: true, ...(token ? { token } : {}) },
    logLevel: "silent",
  });
  const { url } = await proxy.listen();
  return {
    url: `${url}/portkey/webhook`,
    close: () => proxy.close(),
  };
}
