import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ProxyError } from "../errors/proxy-error";
import { loadProxyConfig } from "./load-proxy-config";

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

function problemsOf(run: () => unknown): ReadonlyArray<string> {
  try {
    run();
  } catch (error) {
    if (ProxyError.isInstance(error)) return error.problems;
    throw error;
  }
  throw new Error("expected a ProxyError");
}

describe("loadProxyConfig", () => {
  it("should fill defaults when only the Akto URL is given", () => {
    const { config } = loadProxyConfig({ flags: { "akto-url": "http://127.0.0.1:9000" } });
    expect(config.server).toEqual({
      host: "127.0.0.1",
      port: 8787,
      bodyLimitBytes: 10 * 1024 * 1024,
      inboundApiKeys: [],
      shutdownGraceMs: 10_000,
      trustProxy: false,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 60_000,
    });
    expect(config.upstream.openai).toBe("https://api.openai.com");
    expect(config.upstream.anthropic).toBe("https://api.anthropic.com");
    expect(config.guardrails.output.mode).toBe("off");
    expect(config.guardrails.mode).toBe("enforce");
    expect(config.portkeyWebhook.enabled).toBe(false);
  });

  it("should read a YAML file", () => {
    const { config, configFile } = loadProxyConfig({ flags: { config: fixture("proxy.yaml") } });
    expect(configFile).toBe(fixture("proxy.yaml"));
    expect(config.guardrails.timeoutMs).toBe(1500);
    expect(config.guardrails.output).toMatchObject({ mode: "window", windowChars: 300, overlapChars: 64 });
    expect(config.server.port).toBe(9100);
    expect(config.upstream.openai).toBe("http://127.0.0.1:9200/v1");
    // One explicit upstream serves both APIs unless told otherwise.
    expect(config.upstream.anthropic).toBe("http://127.0.0.1:9200/v1");
  });

  it("should read a JSON file named in the environment", () => {
    const { config } = loadProxyConfig({ env: { AKTO_PROXY_CONFIG: fixture("proxy.json") } });
    expect(config.guardrails.akto.apiKey).toBe("akto-file-key");
    expect(config.guardrails.input.failPolicy.timeout).toBe("closed");
    expect(config.guardrails.input.failPolicy.server).toBe("open");
    expect(config.upstream.anthropic).toBe("http://127.0.0.1:9300");
  });

  it("should apply defaults < file < environment < flags", () => {
    const { config } = loadProxyConfig({
      defaults: { logLevel: "warn", server: { shutdownGraceMs: 5 } },
      flags: { config: fixture("proxy.yaml"), port: "0", "fail-mode": "closed" },
      env: { AKTO_PROXY_PORT: "9500", AKTO_TIMEOUT_MS: "2500", AKTO_API_KEY: "akto-env-key", AKTO_FAIL_MODE: "open", AKTO_PROXY_KEYS: "env-key-one, env-key-two" },
    });
    expect(config.logLevel).toBe("warn");
    expect(config.server.shutdownGraceMs).toBe(5);
    expect(config.server.port).toBe(0);
    expect(config.guardrails.timeoutMs).toBe(2500);
    expect(config.guardrails.akto.apiKey).toBe("akto-env-key");
    expect(config.guardrails.input.failPolicy.connection).toBe("closed");
    expect(config.server.inboundApiKeys).toEqual(["env-key-one", "env-key-two"]);
    // The file's window settings survive a mode override.
    const overridden = loadProxyConfig({ flags: { config: fixture("proxy.yaml"), output: "buffer" } }).config;
    expect(overridden.guardrails.output).toMatchObject({ mode: "buffer", windowChars: 300 });
  });

  it("should take repeated --proxy-key flags", () => {
    const { config } = loadProxyConfig({ flags: { "akto-url": "http://127.0.0.1:1", "proxy-key": ["first-key-123", "second-key-456"] } });
    expect(config.server.inboundApiKeys).toEqual(["first-key-123", "second-key-456"]);
  });

  it("should list every problem of an invalid file in one error", () => {
    const problems = problemsOf(() => loadProxyConfig({ flags: { config: fixture("invalid.yaml"), "timeout-ms": "soon" } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        "- --timeout-ms: must be a whole number, got \"soon\"",
        expect.stringMatching(/^- akto\.baseUrl: /),
        expect.stringMatching(/^- output: /),
        "- server.port: must be between 0 and 65535",
        "- server.colour: is not a known option",
        expect.stringMatching(/^- upstream\.openai: must be an http/),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it("should name the missing Akto URL", () => {
    const problems = problemsOf(() => loadProxyConfig({}));
    expect(problems).toContain("- akto: is required");
  });

  it("should report an unreadable or unparsable file", () => {
    expect(problemsOf(() => loadProxyConfig({ flags: { config: fixture("missing.yaml") } }))).toEqual(["- (config file): file not found"]);
    expect(problemsOf(() => loadProxyConfig({ flags: { config: fixture("../config/merge-config.ts") } }))[0]).toMatch(/^- \(config file\): /);
  });

  it("should refuse short inbound keys and a bad log level", () => {
    const problems = problemsOf(() => loadProxyConfig({ flags: { "akto-url": "http://127.0.0.1:1", "proxy-key": ["short"], "log-level": "loud" } }));
    expect(problems).toEqual([expect.stringMatching(/^- server\.inboundApiKeys: every key must be at least 8/), expect.stringMatching(/^- logLevel: must be one of/)]);
  });
});
