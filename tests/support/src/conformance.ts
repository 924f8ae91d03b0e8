import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ConformanceDocument, ConformanceVector, GuardrailsOptions } from "@akto-guardrails/core";
import { refusedUrl, startAktoStub, type AktoStub } from "./akto-stub";

const require = createRequire(import.meta.url);

/** The decision table every adapter must reproduce (`@akto-guardrails/core/conformance/vectors.json`). */
export function loadConformanceDocument(): ConformanceDocument {
  const path = require.resolve("@akto-guardrails/core/conformance/vectors.json");
  return JSON.parse(readFileSync(path, "utf8")) as ConformanceDocument;
}

/** Deadline used for `timeout` vectors, so the suite stays fast. */
export const CONFORMANCE_TIMEOUT_MS = 300;

/**
 * The options a vector runs with against an Akto at `baseUrl`: the vector's own options, events
 * off (the stub would record them but they are not what the vector checks), cache off (every vector
 * must reach Akto), and a short deadline.
 */
export function conformanceOptions(vector: ConformanceVector, baseUrl: string): GuardrailsOptions {
  return {
    events: { destination: "none" },
    cache: { enabled: false },
    timeoutMs: CONFORMANCE_TIMEOUT_MS,
    ...vector.options,
    akto: { baseUrl },
  } as GuardrailsOptions;
}

/** Where a vector's Akto lives: the stub, or a refused port for `connection` faults. */
export function conformanceAktoUrl(vector: ConformanceVector, stubUrl: string, refused: string): string {
  return "fault" in vector.akto && vector.akto.fault === "connection" ? refused : stubUrl;
}

export interface ConformanceAkto {
  /** The Akto stub the vectors' answers are set on. */
  readonly stub: AktoStub;
  /** Where a vector's Akto lives: the stub, or a refused port for `connection` faults. */
  urlFor(vector: ConformanceVector): string;
  close(): Promise<void>;
}

/** The Akto side of a conformance suite: a stub and a refused port. */
export async function startConformanceAkto(): Promise<ConformanceAkto> {
  const [stub, refused] = await Promise.all([startAktoStub(), refusedUrl()]);
  return { stub, urlFor: (vector) => conformanceAktoUrl(vector, stub.url, refused), close: () => stub.close() };
}
