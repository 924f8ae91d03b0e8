import { describe, expect, it } from "vitest";
import { AFTER, BEFORE, chatRequest, chatResponse, embeddingRequest, messagesRequest, portkeyContext } from "../test-utils/portkey-contexts";
import { contextToGuardInput, stageOfEvent } from "./context-to-guard-input";

describe("contextToGuardInput", () => {
  it.each([
    ["chatComplete", "/v1/chat/completions", "openai.chat"],
    ["complete", "/v1/completions", "openai.completions"],
    ["embed", "/v1/embeddings", "openai.embeddings"],
    ["messages", "/v1/messages", "anthropic.messages"],
  ])("should map requestType %s to %s (%s)", (requestType, path, shape) => {
    const input = contextToGuardInput(portkeyContext(requestType, chatRequest), BEFORE);
    expect(input).toMatchObject({ kind: "scan", stage: "input", shape, context: { path, method: "POST" } });
  });

  it("should detect the shape from the body when the request type is unknown", () => {
    expect(contextToGuardInput(portkeyContext("createBatch", messagesRequest), BEFORE)).toMatchObject({
      kind: "scan",
      shape: "anthropic.messages",
      context: { path: "/v1/messages" },
    });
    expect(contextToGuardInput(portkeyContext("", embeddingRequest), BEFORE)).toMatchObject({ shape: "openai.embeddings" });
  });

  it("should scan the whole request body before the call", () => {
    const input = contextToGuardInput(portkeyContext("chatComplete", chatRequest), BEFORE);
    expect(input.kind === "scan" && input.body).toBe(chatRequest);
    expect(input.kind === "scan" && input.request).toBeUndefined();
  });

  it("should scan the response with the request as context after the call", () => {
    const input = contextToGuardInput(portkeyContext("chatComplete", chatRequest, { response: chatResponse }), AFTER);
    expect(input).toMatchObject({ kind: "scan", stage: "output", body: chatResponse, request: chatRequest, context: { statusCode: 200 } });
  });

  it("should skip a streamed response and a missing request body", () => {
    expect(contextToGuardInput(portkeyContext("chatComplete", chatRequest, { response: null }), AFTER)).toMatchObject({ kind: "skip", stage: "output" });
    expect(contextToGuardInput({ requestType: "chatComplete", request: {} }, BEFORE)).toMatchObject({ kind: "skip", stage: "input" });
  });

  it("should keep Portkey headers and credentials out, and read the trace id and client ip", () => {
    const input = contextToGuardInput(
      portkeyContext("chatComplete", chatRequest, {
        headers: {
          Authorization: "Bearer sk-1",
          "X-Portkey-Config": "{}",
          "x-portkey-aws-access-key-id": "AKIA...",
          "x-portkey-trace-id": "trace-9",
          "x-real-ip": "198.51.100.4",
          "user-agent": "openai-node",
        },
      }),
      BEFORE,
    );
    expect(input.kind).toBe("scan");
    if (input.kind !== "scan") return;
    expect(input.context.headers).toEqual({ authorization: "Bearer sk-1", "x-real-ip": "198.51.100.4", "user-agent": "openai-node" });
    expect(input.context.requestId).toBe("trace-9");
    expect(input.context.ip).toBe("198.51.100.4");
  });

  it("should ignore a __proto__ header and non-string header values", () => {
    const headers = JSON.parse('{"__proto__": "x", "x-count": 3, "x-list": ["a", "b"]}') as Record<string, string>;
    const input = contextToGuardInput(portkeyContext("chatComplete", chatRequest, { headers }), BEFORE);
    expect(input.kind === "scan" && input.context.headers).toEqual({ "x-list": ["a", "b"] });
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });

  it("should reject an unknown event type and a context that is not an object", () => {
    expect(contextToGuardInput(portkeyContext("chatComplete", chatRequest), "onRequest")).toMatchObject({ kind: "invalid" });
    expect(contextToGuardInput("context", BEFORE)).toMatchObject({ kind: "invalid", stage: "input" });
    expect(contextToGuardInput([], AFTER)).toMatchObject({ kind: "invalid", stage: "output" });
  });
});

describe("stageOfEvent", () => {
  it("should map the two hook events and nothing else", () => {
    expect(stageOfEvent("beforeRequestHook")).toBe("input");
    expect(stageOfEvent("afterRequestHook")).toBe("output");
    expect(stageOfEvent("BeforeRequestHook")).toBeUndefined();
  });
});
