import type { Guardrails } from "@akto-guardrails/sdk";
import type { Logger } from "pino";
import type { ProxyConfig } from "../config/proxy-config";
import type { ProxyMetrics } from "../metrics/create-proxy-metrics";
import type { HeaderMap } from "../upstream/hop-by-hop";
import type { Upstreams } from "../upstream/create-upstreams";
import type { InflightTracker } from "./inflight-tracker";
import type { PortkeyWebhookRoute } from "./portkey-webhook-route";

/** Everything a request handler needs, created once per server. */
export interface ProxyRuntime {
  readonly config: ProxyConfig;
  readonly guardrails: Guardrails;
  readonly upstreams: Upstreams;
  readonly metrics: ProxyMetrics;
  readonly logger: Logger;
  /** Undefined when no inbound keys are configured. */
  readonly inboundAuth: ((headers: HeaderMap) => boolean) | undefined;
  readonly tracker: InflightTracker;
  /** Undefined when the webhook is disabled. */
  readonly portkeyWebhook: PortkeyWebhookRoute | undefined;
  /** True once `close()` started: responses then carry `connection: close`. */
  isClosing(): boolean;
}
