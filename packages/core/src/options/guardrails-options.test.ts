import { describe, expect, it } from "vitest";
import { GuardrailError } from "../errors/guardrail-error";
import { parseGuardrailsOptions, safeParseGuardrailsOptions } from "./guardrails-options";

describe("parseGuardrailsOptions", () => {
  it("should fill in every default from a minimal config", () => {
    const options = parseGuardrailsOptions({ akto: { baseUrl: "http://127.0.0.1:9000/" } });
    expect(options.akto).toEqual({ baseUrl: "http://127.0.0.1:9000", authScheme: "bearer", endpoint: "validate", skipThreat: true });
    expect(options.timeoutMs).toBe(3000);
    expect(options.mode).toBe("enforce");
    expect(options.input.enabled).toBe(true);
    expect(options.input.failPolicy.timeout).toBe("open");
    expect(options.output).toMatchObject({ mode: "off", windowChars: 500, overlapChars: 128, flushMs: 250 });
    expect(options.breaker).toEqual({ enabled: true, failureThreshold: 5, cooldownMs: 30000 });
    expect(options.events.includePayloads).toBe(false);
    expect(options.logPayloads).toBe(false);
  });

  it("should expand a global fail mode and merge per-class and per-stage overrides", () => {
    const options = parseGuardrailsOptions({
      akto: { baseUrl: "https://acme-guardrails.akto.io" },
      failMode: { default: "open", timeout: "closed" },
      output: { mode: "window", failMode: { server: "closed" } },
    });
    expect(options.input.failPolicy).toMatchObject({ timeout: "closed", server: "open", auth: "open" });
    expect(options.output.failPolicy).toMatchObject({ timeout: "closed", server: "closed", auth: "open" });
    expect(options.output.mode).toBe("window");
  });

  it("should let a stage fail mode string override the global policy", () => {
    const options = parseGuardrailsOptions({
      akto: { baseUrl: "http://localhost:1" },
      failMode: "open",
      input: { failMode: "closed" },
    });
    expect(Object.values(options.input.failPolicy).every((mode) => mode === "closed")).toBe(true);
    expect(Object.values(options.output.failPolicy).every((mode) => mode === "open")).toBe(true);
  });

  it("should not ask Akto to skip its threat events when this integration reports none", () => {
    const options = parseGuardrailsOptions({ akto: { baseUrl: "http://localhost:1" }, events: { destination: "none" } });
    expect(options.akto.skipThreat).toBe(false);
  });

  it("should list every problem in one error", () => {
    const result = safeParseGuardrailsOptions({
      akto: { baseUrl: "ftp://nope", authScheme: "basic", apiKey: "" },
      timeoutMs: -1,
      failMode: "sometimes",
      output: { mode: "window", windowChars: 100, overlapChars: 200 },
      unknownOption: true,
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(GuardrailError.isInstance(result.error)).toBe(true);
    expect(result.error.code).toBe("ERR_INVALID_OPTIONS");
    const message = result.error.message;
    for (const path of ["akto.baseUrl", "akto.authScheme", "akto.apiKey", "timeoutMs", "failMode", "output.overlapChars", "unknownOption"]) {
      expect(message).toContain(path);
    }
    expect(result.problems.length).toBeGreaterThanOrEqual(6);
  });

  it("should report a missing akto section as required", () => {
    expect(() => parseGuardrailsOptions({})).toThrowError(/akto: is required/);
  });

  it("should never echo the API key in errors", () => {
    const result = safeParseGuardrailsOptions({ akto: { baseUrl: "nope", apiKey: "sk-very-secret" }, timeoutMs: "x" });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.message).not.toContain("sk-very-secret");
  });
});
