// @akto-guardrails/proxy: an OpenAI- and Anthropic-compatible gateway that enforces Akto guardrails.

export { createProxyServer } from "./server/create-proxy-server";
export type { ProxyAddress, ProxyServer, ProxyServerDependencies } from "./server/create-proxy-server";

export {
  DEFAULT_ANTHROPIC_UPSTREAM,
  DEFAULT_OPENAI_UPSTREAM,
  DEFAULT_PORT,
  LOG_LEVELS,
  parseProxyConfig,
  safeParseProxyConfig,
} from "./config/proxy-config";
export type {
  LogLevel,
  PortkeyWebhookConfigInput,
  ProxyConfig,
  ProxyConfigInput,
  ProxyConfigParseResult,
  ServerConfigInput,
  UpstreamConfigInput,
} from "./config/proxy-config";
export { loadProxyConfig } from "./config/load-proxy-config";
export type { LoadedProxyConfig, LoadProxyConfigOptions } from "./config/load-proxy-config";
export { readConfigFile } from "./config/read-config-file";
export { SETTINGS } from "./config/settings";
export type { Setting } from "./config/settings";

export { runCli } from "./cli/run-cli";
export type { CliIo, CliRun } from "./cli/run-cli";

export { createProxyMetrics } from "./metrics/create-proxy-metrics";
export type { ProxyMetrics } from "./metrics/create-proxy-metrics";

export { joinUpstreamPath } from "./upstream/join-upstream-path";
export { PROXY_KEY_HEADER } from "./server/inbound-auth";

export { ProxyError } from "./errors/proxy-error";
export type { ProxyErrorCode, ProxyErrorOptions } from "./errors/proxy-error";

export { VERSION } from "./version";
