import { describe, expect, it } from "vitest";
import { createSecretsDetector } from "./create-secrets-detector";

const detector = createSecretsDetector("mask");
const found = (text: string) => detector.findSpans(text).map((span) => text.slice(span.start, span.end));

describe("createSecretsDetector", () => {
  it("should detect AWS access keys", () => {
    expect(found("Here's my AWS key: AKIAIOSFODNN7EXAMPLE")).toEqual(["AKIAIOSFODNN7EXAMPLE"]);
  });

  it("should detect OpenAI and Anthropic keys", () => {
    expect(found("key sk-proj-abcdefghijklmnopqrstuvwx12")).toHaveLength(1);
    expect(found("key sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123")).toHaveLength(1);
  });

  it("should detect GitHub tokens and JWTs", () => {
    expect(found(`token ghp_${"a".repeat(36)}`)).toHaveLength(1);
    expect(found("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")).toHaveLength(1);
  });

  it("should detect a private key block", () => {
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----";
    expect(found(`my key:\n${pem}\nthanks`)).toEqual([pem]);
  });

  it("should not flag ordinary text", () => {
    expect(found("skip the sk- prefix, ask about AKIA or ghp_short, eyJ alone")).toEqual([]);
  });

  it("should block unless the behaviour is mask", () => {
    expect(createSecretsDetector(undefined).behavior).toBe("block");
    expect(detector).toMatchObject({ rule: "Secrets", behavior: "mask", maskStyle: "secret" });
  });
});
