import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseGuardrailsOptions } from "../options/guardrails-options";
import { buildAktoRequest, toAktoPayload } from "./build-envelope";
import { isCredentialHeader } from "./credential-headers";

// The envelope is built from attacker-controlled headers and bodies: whatever they hold, it must be
// valid JSON with every field a string, carry the body unchanged, drop every credential header and
// never let a header named `__proto__`/`constructor` reach a prototype.

const options = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1" } });
const proxyOptions = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:1", endpoint: "http-proxy" } });

const headerName = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "Authorization", "AUTHORIZATION", "x-api-key", "X-Api-Key", "api_key", "cookie", "x-portkey-config", "x-session-id", "x-request-id", "host"),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const headerValue = fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), fc.constant("a\r\nInjected: 1"), fc.constant(undefined));
/** Header maps built with defineProperty so `__proto__` is an own key, as in Node's `IncomingHttpHeaders`. */
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }).map((entries) => {
  const map: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of entries) Object.defineProperty(map, name, { value, enumerable: true, configurable: true, writable: true });
  return map;
});

describe("buildAktoRequest (fuzz)", { timeout: 30_000 }, () => {
  it("should build a valid envelope without credentials from any headers and body", () => {
    fc.assert(
      fc.property(
        headers,
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom("input" as const, "output" as const),
        fc.boolean(),
        fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        (requestHeaders, body, stage, viaHttpProxy, sessionId) => {
          const payload = toAktoPayload(body);
          const request = buildAktoRequest(
            {
              stage,
              requestPayload: stage === "input" ? payload : undefined,
              responsePayload: stage === "output" ? payload : undefined,
              context: { path: "/v1/chat/completions", headers: requestHeaders, ...(sessionId === undefined ? {} : { sessionId }), statusCode: 200 },
              now: 1_700_000_000_000,
            },
            viaHttpProxy ? proxyOptions : options,
          );
          const envelope = JSON.parse(request.body) as Record<string, unknown>;
          for (const [key, value] of Object.entries(envelope)) {
            if (typeof value !== (key === "skipThreat" ? "boolean" : "string")) throw new Error(`${key} is ${typeof value}`);
          }
          const sent = JSON.parse(envelope[stage === "input" ? "requestPayload" : "responsePayload"] as string) as { body: unknown };
          expect(sent).toEqual(JSON.parse(payload));
          const sentHeaders = JSON.parse(envelope["requestHeaders"] as string) as Record<string, unknown>;
          for (const [name, value] of Object.entries(sentHeaders)) {
            if (isCredentialHeader(name) || name === "__proto__") throw new Error(`header ${name} leaked`);
            if (typeof value !== "string") throw new Error(`header ${name} is not a string`);
          }
          for (const name of Object.keys(request.headers)) if (isCredentialHeader(name)) throw new Error(`Akto header ${name}`);
          expect(({} as Record<string, unknown>)["Authorization"]).toBeUndefined();
          expect(Object.getPrototypeOf(sentHeaders)).toBe(Object.prototype);
        },
      ),
      { seed: 2718, numRuns: 2500 },
    );
  });
});
