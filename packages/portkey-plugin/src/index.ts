// @akto-guardrails/portkey-plugin: Akto guardrails for the Portkey AI gateway.

// The in-gateway plugin (also bundled, with core inlined, into the drop-in folder akto/scan.ts)
export { createAktoPluginHandler } from "./plugin/create-akto-plugin-handler";
export type { AktoPluginHandlerOptions } from "./plugin/create-akto-plugin-handler";
export { handler } from "./plugin/handler";
export { parsePluginParameters } from "./plugin/plugin-parameters";
export type { PluginSettings, PluginSettingsParse, ScanOutput } from "./plugin/plugin-parameters";
export { createFetchTransport } from "./plugin/fetch-transport";
export type { FetchFunction, FetchTransportOptions } from "./plugin/fetch-transport";

// The shared Portkey ↔ core mapping
export { contextToGuardInput, stageOfEvent } from "./mapping/context-to-guard-input";
export type { GuardInput } from "./mapping/context-to-guard-input";
export { guardResultToResponse } from "./mapping/guard-result-to-response";
export type { CheckData } from "./mapping/check-data";

// The webhook for stock gateways (default.webhook)
export { createPortkeyWebhookHandler } from "./webhook/create-portkey-webhook-handler";
export type {
  PortkeyWebhookHandler,
  PortkeyWebhookHandlerOptions,
  WebhookCheck,
  WebhookCheckContext,
  WebhookRequest,
  WebhookResponse,
  WebhookVerdictBody,
} from "./webhook/create-portkey-webhook-handler";
export { createStandaloneWebhookHandler } from "./webhook/create-standalone-webhook-handler";
export type { StandaloneWebhookOptions } from "./webhook/create-standalone-webhook-handler";
export type { WebhookHeaders } from "./webhook/webhook-token";

// The installer
export { installPlugin, uninstallPlugin } from "./install/install-plugin";
export type { InstallPluginOptions, InstallPluginResult } from "./install/install-plugin";
export type { RegistrationState } from "./install/plugin-registration";

// Types and errors
export { PortkeyPluginError } from "./errors/portkey-plugin-error";
export type { PortkeyPluginErrorCode, PortkeyPluginErrorOptions } from "./errors/portkey-plugin-error";
export type {
  HookEventType,
  PluginContext,
  PluginHandler,
  PluginHandlerOptions,
  PluginHandlerResponse,
  PluginParameters,
  PortkeyRequestContext,
  PortkeyRequestType,
  PortkeyResponseContext,
  TransformedData,
} from "./portkey/portkey-types";
export { VERSION } from "./version";
