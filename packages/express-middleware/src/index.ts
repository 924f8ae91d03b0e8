// @akto-guardrails/express-middleware: Akto guardrails for Express 4 and 5 apps that serve or call LLMs.
import "./request-state";

export { aktoGuardrails } from "./akto-guardrails";
export type { AktoGuardrailsMiddleware } from "./akto-guardrails";
export type {
  AktoGuardrailsExpressOptions,
  AktoGuardrailsOptions,
  BlockInfo,
  ExtractedText,
  ExtractFunction,
  ExtractOptions,
  ExtractSpec,
  OnBlock,
  OnStreamBlocked,
  RouteMatcher,
  StreamBlockedInfo,
  StreamShape,
} from "./options/akto-guardrails-options";
export type { AktoGuardrailsRequestState } from "./request-state";
export { AktoGuardrailsAbortError } from "./errors/akto-guardrails-abort-error";
export type { AbortCode } from "./errors/akto-guardrails-abort-error";
export { DEFAULT_ROUTES } from "./routes/create-route-matcher";
export { DEFAULT_BODY_LIMIT } from "./options/parse-byte-limit";
export { GuardrailError } from "@akto-guardrails/core";
export type { Decision, GuardResult, GuardrailsOptions } from "@akto-guardrails/core";
