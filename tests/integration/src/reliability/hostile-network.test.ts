import { Writable } from "node:stream";
import { startMockAkto, type MockAkto } from "@akto-guardrails/mock-akto";
import { startMockLlm, type MockLlm } from "@akto-guardrails/mock-llm";
import { createProxyServer } from "@akto-guardrails/proxy";
import { createLogger } from "@akto-guardrails/sdk";
import { startAktoStub, type AktoStub } from "@akto-guardrails/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startCanaryServer, type CanaryServer } from "./support-b/start-canary-server";
import { startProxyUnderTest, type ProxyUnderTest } from "./support-b/start-proxy-under-test";
import { createHttpClient } from "./support-b/create-http-client";
import { rawExchange, responseHeaders } from "./support-b/raw-exchange";

// The proxy as a network service (SECURITY.md): inbound keys, no client-chosen upstream (SSRF), no
// header injection or request smuggling, slow clients cut off. Each claim of SECURITY.md that can be
// exercised over a socket is exercised here, against the proxy CLI.

const PROXY_KEY = "inbound-key-7f3a9c21";
const chat = (content: string) => JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content }] });

let akto: MockAkto;
let llm: MockLlm;
let canary: CanaryServer;
let proxy: ProxyUnderTest;
const client = createHttpClient(4);

beforeAll(async () => {
  [akto, llm, canary] = await Promise.all([startMockAkto(), startMockLlm(), startCanaryServer()]);
  proxy = await startProxyUnderTest({
    aktoUrl: akto.url,
    llmUrl: llm.url,
    config: { server: { inboundApiKeys: [PROXY_KEY], headersTimeoutMs: 400, requestTimeoutMs: 1_000 } },
  });
});
afterEach(async () => {
  expect(proxy.process.alive(), proxy.process.output()).toBe(true);
  expect(canary.connections()).toBe(0);
  akto.admin.clear();
  llm.admin.clear();
});
afterAll(async () => {
  client.close();
  await proxy.close();
  await Promise.all([akto.close(), llm.close(), canary.close()]);
});

const keyed = { "content-type": "application/json", "x-akto-proxy-key": PROXY_KEY };

describe("inbound keys", () => {
  it("should refuse every proxied route without a valid key, before Akto or the upstream is called", async () => {
    const attempts: Array<Record<string, string>> = [
      { "content-type": "application/json" },
      { "content-type": "application/json", "x-akto-proxy-key": "inbound-key-7f3a9c2" },
      { "content-type": "application/json", "x-akto-proxy-key": `${PROXY_KEY}x` },
      // The provider key header is not a proxy key (it is forwarded to the provider).
      { "content-type": "application/json", authorization: `Bearer ${PROXY_KEY}` },
      { "content-type": "application/json", "proxy-authorization": `Basic ${PROXY_KEY}` },
    ];
    for (const headers of attempts) {
      for (const [path, method] of [["/v1/chat/completions", "POST"], ["/v1/messages", "POST"], ["/v1/models", "GET"], ["/v1/files", "POST"]] as const) {
        const answer = await client.send({ origin: proxy.url, path, method, headers, body: method === "POST" ? chat("hi") : undefined });
        expect(answer.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
      }
    }
    expect(akto.admin.requests()).toHaveLength(0);
    expect(llm.admin.requests()).toHaveLength(0);
  });

  it("should accept the key in x-akto-proxy-key or Proxy-Authorization, and never pass it on", async () => {
    expect((await client.send({ origin: proxy.url, path: "/v1/chat/completions", headers: keyed, body: chat("hi") })).status).toBe(200);
    const viaProxyAuthorization = { "content-type": "application/json", "proxy-authorization": `Bearer ${PROXY_KEY}` };
    expect((await client.send({ origin: proxy.url, path: "/v1/chat/completions", headers: viaProxyAuthorization, body: chat("hi") })).status).toBe(200);
    const recorded = JSON.stringify([llm.admin.requests(), akto.admin.requests()]);
    expect(recorded).not.toContain(PROXY_KEY);
  });

  it("should leave /healthz, /readyz and /metrics open, without secrets or prompt text in them", async () => {
    await client.send({ origin: proxy.url, path: "/v1/chat/completions", headers: { ...keyed, authorization: "Bearer sk-provider-secret-1" }, body: chat("My email is jane@example.com") });
    for (const path of ["/healthz", "/readyz", "/metrics"]) {
      const answer = await client.send({ origin: proxy.url, path, method: "GET" });
      expect(answer.status, path).toBe(200);
      expect(answer.body.toString("utf8")).not.toMatch(/sk-provider-secret|jane@example\.com|inbound-key/);
    }
  });

  it("should keep metrics labels to a fixed set, whatever paths and methods clients send", async () => {
    for (let index = 0; index < 30; index += 1) {
      const path = `/v1/${"x".repeat(index)}/%${index.toString(16).padStart(2, "0")}-${index}?q=${index}`;
      await client.send({ origin: proxy.url, path, method: ["GET", "POST", "DELETE", "PATCH"][index % 4] as string, headers: keyed, body: index % 4 === 1 ? "{}" : undefined });
      await client.send({ origin: proxy.url, path, method: "GET" });
    }
    const metrics = (await client.send({ origin: proxy.url, path: "/metrics", method: "GET" })).body.toString("utf8");
    const routes = new Set([...metrics.matchAll(/route="([^"]*)"/g)].map((match) => match[1]));
    const known = ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/embeddings", "/v1/messages", "passthrough", "unknown", "/healthz", "/readyz", "/metrics"];
    expect([...routes].filter((route) => !known.includes(route as string))).toEqual([]);
    const actions = new Set([...metrics.matchAll(/action="([^"]*)"/g)].map((match) => match[1]));
    expect([...actions].every((action) => /^[a-z_-]+$/.test(action as string))).toBe(true);
  });

  it("should warn when it would listen beyond loopback without keys (an open relay)", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString("utf8"));
        callback();
      },
    });
    // Created, never started: nothing binds a public address.
    const open = createProxyServer({ akto: { baseUrl: akto.url }, server: { host: "0.0.0.0", port: 0 }, events: { destination: "none" } }, { logger: createLogger({ level: "warn", destination }) });
    const closed = createProxyServer({ akto: { baseUrl: akto.url }, server: { host: "0.0.0.0", port: 0, inboundApiKeys: [PROXY_KEY] }, events: { destination: "none" } }, { logger: createLogger({ level: "warn", destination }) });
    expect(lines.filter((line) => line.includes("open relay"))).toHaveLength(1);
    void open.close();
    void closed.close();
  });
});

describe("no client-chosen upstream (SSRF)", () => {
  it("should send every request to the configured upstream, whatever the URI and headers say", async () => {
    const steering: Array<{ name: string; target: string; headers: string }> = [
      { name: "absolute-form URI", target: `${canary.url}/v1/chat/completions`, headers: "" },
      { name: "forged Host", target: "/v1/chat/completions", headers: `Host: ${canary.host}\r\n` },
      { name: "X-Forwarded-Host", target: "/v1/chat/completions", headers: `X-Forwarded-Host: ${canary.host}\r\nX-Forwarded-Proto: http\r\nForwarded: host=${canary.host}\r\n` },
      { name: "Portkey routing headers", target: "/v1/chat/completions", headers: `x-portkey-custom-host: ${canary.url}/v1\r\nx-portkey-provider: openai\r\n` },
      { name: "protocol-relative path", target: `//${canary.host}/v1/chat/completions`, headers: "" },
      { name: "userinfo-looking path", target: `/v1/chat/completions@${canary.host}`, headers: "" },
      { name: "encoded slashes", target: `/%2F%2F${canary.host}/v1/chat/completions`, headers: "" },
    ];
    const statuses: Array<[string, number]> = [];
    for (const { name, target, headers } of steering) {
      const body = chat(name);
      const answer = await rawExchange(
        proxy.url,
        `POST ${target} HTTP/1.1\r\n${/^Host:/m.test(headers) ? "" : "Host: proxy.local\r\n"}${headers}X-Akto-Proxy-Key: ${PROXY_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      expect(answer.status, `${name}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
      expect(answer.status, name).toBeLessThan(500);
      statuses.push([name, answer.status]);
    }
    // Everything went to mock-llm (odd paths as paths, answered 404 there), with the upstream's own Host.
    const recorded = llm.admin.requests();
    expect(recorded.map((request) => request.path), JSON.stringify(statuses)).toHaveLength(steering.length);
    for (const request of recorded) expect(request.headers.host).toBe(new URL(llm.url).host);
  });

  it("should refuse CONNECT tunnels and not follow an upgrade anywhere", async () => {
    // No 'connect' handler: Node closes the connection without a word.
    const tunnel = await rawExchange(proxy.url, `CONNECT ${canary.host} HTTP/1.1\r\nHost: ${canary.host}\r\nX-Akto-Proxy-Key: ${PROXY_KEY}\r\n\r\n`);
    expect(tunnel.text).toBe("");
    // An upgrade is served as a plain request; Upgrade and Connection are hop-by-hop and never forwarded.
    const upgrade = await rawExchange(proxy.url, `GET /v1/models HTTP/1.1\r\nHost: ${canary.host}\r\nConnection: Upgrade, close\r\nUpgrade: websocket\r\nX-Akto-Proxy-Key: ${PROXY_KEY}\r\n\r\n`);
    expect(upgrade.status).toBe(200);
    const [forwarded] = llm.admin.requests();
    expect(forwarded?.headers["upgrade"]).toBeUndefined();
    expect(forwarded?.headers.host).toBe(new URL(llm.url).host);
  });
});

describe("header injection and request smuggling", () => {
  it("should reject line breaks, NULs and obs-folds in headers before anything is forwarded", async () => {
    const malformed = [
      `X-Request-Id: abc\rSet-Cookie: pwned=1\r\n`,
      `X-Note: a\nSet-Cookie: pwned=1\r\n`,
      `X-Note: a\u0000b\r\n`,
      `X-Note: a\r\n folded: value\r\n`,
      `Bad Header: x\r\n`,
    ];
    for (const header of malformed) {
      const body = chat("hi");
      const answer = await rawExchange(proxy.url, `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Akto-Proxy-Key: ${PROXY_KEY}\r\n${header}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      expect(answer.status, JSON.stringify(header)).toBe(400);
      expect(responseHeaders(answer.text)["set-cookie"]).toBeUndefined();
    }
    expect(llm.admin.requests()).toHaveLength(0);
  });

  it("should not reflect a hostile x-request-id", async () => {
    for (const id of ["a b", "x".repeat(201), "<script>", "id%0d%0aSet-Cookie:%20pwned=1"]) {
      const answer = await client.send({ origin: proxy.url, path: "/v1/chat/completions", headers: { ...keyed, "x-request-id": id }, body: chat("hi") });
      expect(answer.headers["x-request-id"]).not.toBe(id);
      expect(answer.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("should refuse ambiguous framing (Content-Length with Transfer-Encoding, two Content-Lengths)", async () => {
    const body = chat("hi");
    const framings = [
      `Content-Length: ${Buffer.byteLength(body)}\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Length: 5\r\n\r\n${body}`,
      `Transfer-Encoding: chunked, identity\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    ];
    for (const framing of framings) {
      const answer = await rawExchange(proxy.url, `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Akto-Proxy-Key: ${PROXY_KEY}\r\nContent-Type: application/json\r\n${framing}`);
      expect(answer.status, framing.slice(0, 60)).toBe(400);
    }
    expect(llm.admin.requests()).toHaveLength(0);
  });
});

describe("slow clients", () => {
  it("should cut many slowloris connections at once and keep serving everyone else", async () => {
    const { hostname, port } = new URL(proxy.url);
    const { connect } = await import("node:net");
    const slow = Array.from(
      { length: 40 },
      (_, index) =>
        new Promise<string>((resolve) => {
          const chunks: Buffer[] = [];
          const socket = connect(Number(port), hostname, () => {
            socket.write(index % 2 === 0 ? "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n" : `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Akto-Proxy-Key: ${PROXY_KEY}\r\nContent-Length: 1000\r\n\r\n{`);
            const timer = setInterval(() => socket.write(index % 2 === 0 ? "X-A: b\r\n" : " "), 100);
            socket.on("close", () => clearInterval(timer));
          });
          socket.on("data", (chunk: Buffer) => chunks.push(chunk));
          socket.on("error", () => undefined);
          socket.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
        }),
    );
    // Served while the slow clients hold their sockets.
    expect((await client.send({ origin: proxy.url, path: "/v1/chat/completions", headers: keyed, body: chat("hi") })).status).toBe(200);
    const answers = await Promise.all(slow);
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(akto.admin.requests()).toHaveLength(1);
  });
});

describe("what Akto says cannot become a header", () => {
  let stub: AktoStub;
  let stubbed: ProxyUnderTest;
  beforeAll(async () => {
    stub = await startAktoStub();
    stubbed = await startProxyUnderTest({ aktoUrl: stub.url, llmUrl: llm.url });
  });
  afterAll(async () => {
    await stubbed.close();
    await stub.close();
  });

  it("should carry a block reason with line breaks in the JSON body only", async () => {
    const reason = "Blocked\r\nSet-Cookie: pwned=1\r\n\r\n<script>alert(1)</script>";
    stub.setAnswer({ status: 200, body: { Allowed: false, Modified: false, ModifiedPayload: "", Reason: reason, behaviour: "block", Metadata: { policy_name: "p\r\nX-Evil: 1", rule_violated: "r" } } });
    const answer = await rawExchange(stubbed.url, `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(chat("hi"))}\r\nConnection: close\r\n\r\n${chat("hi")}`);
    expect(answer.status).toBe(403);
    const headers = responseHeaders(answer.text);
    expect(headers["set-cookie"]).toBeUndefined();
    expect(headers["x-evil"]).toBeUndefined();
    const body = JSON.parse(answer.text.slice(answer.text.indexOf("\r\n\r\n") + 4)) as { error: { message: string } };
    expect(body.error.message).toContain("Blocked");
    expect(headers["content-type"]).toContain("application/json");
  });
});
