import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdmin } from "./create-admin";
import { createFaultPlan } from "./faults/create-fault-plan";
import { MockAktoError } from "./mock-akto-error";
import { defaultRuntimeOptions, normalizeRuntimeOptions } from "./normalize-runtime-options";
import { defaultPolicies } from "./policies/default-policies";
import { loadPolicies } from "./policies/load-policies";
import { parsePolicies } from "./policies/parse-policies";
import { createRecorder } from "./recorder/create-recorder";
import { createRequestHandler } from "./server/create-request-handler";
import { createPolicySet, type ServerState } from "./server/server-state";
import type { MockAkto, MockAktoOptions, MockAktoRuntimeOptions } from "./types";

const defaultRecordLimit = 10_000;

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function pickRuntimeOptions(options: MockAktoOptions): Partial<MockAktoRuntimeOptions> {
  return normalizeRuntimeOptions({
    responseCasing: options.responseCasing,
    echoModifiedPayload: options.echoModifiedPayload,
    redactionPlaceholder: options.redactionPlaceholder,
    metadata: options.metadata,
    alertAllowed: options.alertAllowed,
    token: options.token,
    seed: options.seed,
  });
}

/**
 * Starts the mock Akto guardrails service (GS + DIS http-proxy + TBS threat route) on one port.
 * Resolves once it listens; `url` carries the real port when `port` is 0.
 */
export async function startMockAkto(options: MockAktoOptions = {}): Promise<MockAkto> {
  const host = options.host ?? "127.0.0.1";
  const recordLimit = options.recordLimit ?? defaultRecordLimit;
  if (!Number.isInteger(recordLimit) || recordLimit < 1) {
    throw new MockAktoError({ code: "INVALID_OPTIONS", message: "recordLimit must be a positive integer" });
  }
  const runtime: MockAktoRuntimeOptions = { ...defaultRuntimeOptions, ...pickRuntimeOptions(options) };
  const policies =
    options.policiesFile !== undefined
      ? loadPolicies(options.policiesFile)
      : options.policies !== undefined
        ? parsePolicies(options.policies)
        : [...defaultPolicies];

  const state: ServerState = {
    options: runtime,
    policies: createPolicySet(policies),
    faults: createFaultPlan(runtime.seed),
    recorder: createRecorder(recordLimit),
    latencySamples: [],
    inflight: 0,
    timers: new Set(),
  };
  state.faults.set(options.faults ?? []);
  const admin = createAdmin(state);
  const server = createServer({ keepAlive: true }, createRequestHandler(state, admin));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: formatUrl(host, port),
    host,
    port,
    admin,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of state.timers) clearTimeout(timer);
        state.timers.clear();
        state.recorder.validations.rejectWaiters(closedError());
        state.recorder.events.rejectWaiters(closedError());
        state.recorder.requests.rejectWaiters(closedError());
        server.close(() => resolve());
        // Destroys idle keep-alive sockets and hung requests alike, so close() is prompt.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function closedError(): MockAktoError {
  return new MockAktoError({ code: "SERVER_CLOSED", message: "the mock was closed while waiting" });
}
