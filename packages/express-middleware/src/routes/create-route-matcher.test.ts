import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { createRouteMatcher, DEFAULT_ROUTES } from "./create-route-matcher";

const request = (path: string, baseUrl = "", headers: Record<string, string> = {}) => ({ path, baseUrl, headers }) as unknown as Request;

describe("createRouteMatcher", () => {
  const defaults = createRouteMatcher(DEFAULT_ROUTES);

  it("should match the five API paths under any prefix, in any case, with a trailing slash", () => {
    for (const path of ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/embeddings", "/v1/messages", "/openai/v1/chat/completions", "/V1/MESSAGES/"]) {
      expect(defaults(request(path))).toBe(true);
    }
    expect(defaults(request("/v1/chat/completions", "/openai"))).toBe(true);
  });

  it("should not match other paths", () => {
    for (const path of ["/", "/v1/models", "/v1/chat/completions/abc", "/api/messages", "/v1/responses/resp_1", "/chat"]) {
      expect(defaults(request(path))).toBe(false);
    }
  });

  it("should match percent-encoded variants that Express would route", () => {
    expect(defaults(request("/v1/chat/completion%73"))).toBe(true);
    expect(defaults(request("/v1/%E0%A4%A"))).toBe(false);
  });

  it("should match exact paths against the mounted and the full path", () => {
    const match = createRouteMatcher(["/chat"]);
    expect(match(request("/chat"))).toBe(true);
    expect(match(request("/Chat/"))).toBe(true);
    expect(match(request("/chat", "/api"))).toBe(true);
    expect(match(request("/chats"))).toBe(false);
    expect(createRouteMatcher(["/api/chat"])(request("/chat", "/api"))).toBe(true);
  });

  it("should test RegExps statelessly and treat a throwing predicate as a match", () => {
    const match = createRouteMatcher([/^\/bot\d+$/g]);
    expect(match(request("/bot1"))).toBe(true);
    expect(match(request("/bot1"))).toBe(true);
    const throwing = createRouteMatcher([
      () => {
        throw new Error("boom");
      },
    ]);
    expect(throwing(request("/anything"))).toBe(true);
    expect(createRouteMatcher([(candidate) => candidate.headers["x-llm"] === "1"])(request("/x", "", { "x-llm": "1" }))).toBe(true);
  });
});
