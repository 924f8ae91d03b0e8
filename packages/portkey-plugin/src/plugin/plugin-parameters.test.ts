import { describe, expect, it } from "vitest";
import { failsClosedByDefault, parsePluginParameters } from "./plugin-parameters";
import { guardrailsOptionsFor } from "./guardrails-options-for";

function settingsOf(parameters: unknown) {
  const parsed = parsePluginParameters(parameters);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.settings;
}

describe("parsePluginParameters", () => {
  it("should fill in defaults", () => {
    expect(settingsOf({ credentials: { apiDomain: "1234-guardrails.akto.io", apiKey: "k" } })).toEqual({
      baseUrl: "https://1234-guardrails.akto.io",
      apiKey: "k",
      authScheme: "bearer",
      timeoutMs: 3000,
      failPolicy: expect.objectContaining({ timeout: "open", connection: "open", auth: "open", circuit_open: "open" }),
      mode: "enforce",
      scanOutput: "enforce",
    });
  });

  it("should prefer baseUrl over apiDomain and drop trailing slashes", () => {
    expect(settingsOf({ credentials: { apiDomain: "a.example", baseUrl: "http://127.0.0.1:9000/" } }).baseUrl).toBe("http://127.0.0.1:9000");
    expect(settingsOf({ credentials: { apiDomain: "http://10.0.0.5:8080" } }).baseUrl).toBe("http://10.0.0.5:8080");
  });

  it("should read every parameter", () => {
    const settings = settingsOf({
      credentials: { baseUrl: "https://akto.example" },
      timeout: "1500",
      failMode: "closed",
      mode: "monitor",
      contextSource: "AGENTIC",
      scanOutput: "audit",
      authScheme: "raw",
      failOnError: true,
      deny: true,
    });
    expect(settings).toMatchObject({ timeoutMs: 1500, mode: "monitor", contextSource: "AGENTIC", scanOutput: "audit", authScheme: "raw" });
    expect(new Set(Object.values(settings.failPolicy))).toEqual(new Set(["closed"]));
  });

  it("should accept per-failure-class fail modes with a default", () => {
    const { failPolicy } = settingsOf({ credentials: { baseUrl: "https://a.example" }, failMode: { default: "closed", timeout: "open" } });
    expect(failPolicy).toMatchObject({ timeout: "open", connection: "closed", server: "closed", circuit_open: "closed" });
  });

  it.each([
    [true, "enforce"],
    [false, "off"],
    ["off", "off"],
    ["enforce", "enforce"],
  ])("should read scanOutput %s as %s", (scanOutput, expected) => {
    expect(settingsOf({ credentials: { baseUrl: "https://a.example" }, scanOutput }).scanOutput).toBe(expected);
  });

  it("should list every problem at once", () => {
    const parsed = parsePluginParameters({
      credentials: { baseUrl: "ftp://akto", apiKey: 42 },
      timeout: 0,
      failMode: { default: "shut", later: "open" },
      mode: "block",
      contextSource: "agentic",
      scanOutput: "sometimes",
      authScheme: "basic",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      "- credentials.baseUrl: must be an http:// or https:// URL or a host name",
      "- credentials.apiKey: must be a string",
      "- failMode.default: must be \"open\" or \"closed\"",
      "- failMode.later: is not a failure class (default, timeout, connection, auth, rate_limited, server, client, malformed_response, circuit_open)",
      "- timeout: must be a whole number of milliseconds from 10 to 120000",
      '- scanOutput: must be "enforce" (or true), "audit", or "off" (or false)',
      '- mode: must be "enforce" or "monitor"',
      '- authScheme: must be "bearer" or "raw"',
      "- contextSource: must be one of API, MCP, GEN_AI, AGENTIC, DAST, ENDPOINT",
    ]);
  });

  it("should require an Akto location", () => {
    const parsed = parsePluginParameters({ credentials: { apiKey: "k" } });
    expect(parsed).toMatchObject({ ok: false, failClosed: false });
    expect(parsePluginParameters(undefined)).toMatchObject({ ok: false });
    expect(parsePluginParameters({ credentials: "k" })).toMatchObject({ ok: false, problems: expect.arrayContaining(["- credentials: must be an object"]) });
  });
});

describe("failsClosedByDefault", () => {
  it.each([
    [undefined, false],
    ["open", false],
    ["closed", true],
    [{ default: "closed" }, true],
    [{ timeout: "closed" }, false],
    ["close", true],
    [7, true],
  ])("should resolve failMode %j to closed=%s", (failMode, expected) => {
    expect(failsClosedByDefault({ failMode })).toBe(expected);
  });
});

describe("guardrailsOptionsFor", () => {
  const settings = settingsOf({ credentials: { baseUrl: "https://a.example", apiKey: "k" }, contextSource: "MCP", scanOutput: "audit" });

  it("should let Akto record threats and keep events and cache off", () => {
    const options = guardrailsOptionsFor(settings, "input");
    expect(options.akto).toEqual({ baseUrl: "https://a.example", apiKey: "k", authScheme: "bearer", contextSource: "MCP", endpoint: "validate", skipThreat: false });
    expect(options.events.destination).toBe("none");
    expect(options.cache.enabled).toBe(false);
    expect(options.mode).toBe("enforce");
  });

  it("should turn audit output into monitor mode for the output stage only", () => {
    expect(guardrailsOptionsFor(settings, "output")).toMatchObject({ mode: "monitor", output: { mode: "audit" } });
    expect(guardrailsOptionsFor({ ...settings, scanOutput: "enforce" }, "output").output.mode).toBe("buffer");
    expect(guardrailsOptionsFor({ ...settings, scanOutput: "off" }, "output").output.mode).toBe("off");
  });
});
