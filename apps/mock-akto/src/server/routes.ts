import { createValidateHandler } from "./create-validate-handler";
import { handleHttpProxy } from "./handle-http-proxy";
import { handleIngestData } from "./handle-ingest-data";
import { handleReplayWithPolicy } from "./handle-replay-with-policy";
import { handleRequestWithPolicy } from "./handle-request-with-policy";
import {
  handleBackpressure,
  handleFileValidation,
  handleHealth,
  handleThreatEvent,
} from "./handle-simple-routes";
import type { RouteHandler } from "./route-context";

/**
 * Who may call a route when a token is configured: `none` (always open), `service` (GS: raw token
 * or `Bearer`), `raw` (DIS http-proxy: raw token only), `bearer` (TBS: `Bearer` only).
 */
export type AuthMode = "none" | "service" | "raw" | "bearer";

export interface RouteDefinition {
  auth: AuthMode;
  methods: Readonly<Record<string, RouteHandler>>;
}

export const routes: ReadonlyMap<string, RouteDefinition> = new Map<string, RouteDefinition>([
  ["/health", { auth: "none", methods: { GET: handleHealth } }],
  ["/backpressure", { auth: "none", methods: { GET: handleBackpressure } }],
  ["/api/health", { auth: "service", methods: { POST: handleHealth } }],
  ["/api/validate/request", { auth: "service", methods: { POST: createValidateHandler("request") } }],
  ["/api/validate/response", { auth: "service", methods: { POST: createValidateHandler("response") } }],
  ["/api/validate/requestWithPolicy", { auth: "service", methods: { POST: handleRequestWithPolicy } }],
  ["/api/validate/replayWithPolicy", { auth: "service", methods: { POST: handleReplayWithPolicy } }],
  ["/api/validate/file", { auth: "service", methods: { POST: handleFileValidation } }],
  ["/api/ingestData", { auth: "service", methods: { POST: handleIngestData } }],
  ["/api/http-proxy", { auth: "raw", methods: { GET: handleHttpProxy, POST: handleHttpProxy } }],
  ["/api/threat_detection/record_malicious_event", { auth: "bearer", methods: { POST: handleThreatEvent } }],
]);

/** Checks the Authorization header against the configured token (null: auth off). */
export function isAuthorized(mode: AuthMode, header: string | undefined, token: string | null): boolean {
  if (token === null || mode === "none") return true;
  if (header === undefined) return false;
  switch (mode) {
    case "raw":
      return header === token;
    case "bearer":
      return header === `Bearer ${token}`;
    case "service": {
      if (header === token) return true;
      const bearer = /^bearer\s+(.+)$/i.exec(header);
      return bearer?.[1]?.trim() === token;
    }
  }
}
