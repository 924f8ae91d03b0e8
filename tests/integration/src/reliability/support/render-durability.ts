import type { DurabilityArtifact } from "./durability-results";
import { tableRow } from "./markdown-sections";

function kinds(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(", ");
}

/** The durability section of RELIABILITY.md: the procedure and the figures of one run. */
export function renderDurability(artifact: DurabilityArtifact): string {
  const produced = artifact.producedByFirst + artifact.producedBySecond;
  return [
    `Proved by \`tests/integration/src/reliability/durability.test.ts\` against the built CLI (\`node packages/proxy/dist/cli.js\`); ` +
      `figures from one run (${artifact.generatedAt.slice(0, 10)}, Node ${artifact.node}).`,
    "",
    "Procedure:",
    "",
    "1. mock-akto serves verdicts on its own port; mock-llm is the upstream. A port is reserved for the threat backend " +
      "(Akto's `record_malicious_event` route) and nothing listens on it: the backend is down. The proxy's config sets " +
      "`events.url` to that port and an `events.spoolDir`.",
    "2. The first proxy process starts (`--config … --port 0`, ready line awaited) and serves rounds of an input block (403), an " +
      "input sanitization, an output sanitization (`output: buffer`) and a plain allow (no event). Each decision's event id is " +
      "read from the proxy's JSON log line for that request id (one line per reportable decision; allows have none).",
    "3. SIGTERM: the proxy exits with code 0; its undeliverable events are in the spool, each id once.",
    "4. A second proxy process starts on the same config and spool: it logs that it replays the spooled events, then serves more " +
      "rounds while the backend is still down.",
    "5. A mock-akto starts on the reserved port. Once it has recorded as many events as were produced, the second proxy is stopped " +
      "with SIGTERM too (exit 0), so nothing can still be on its way, and the ids are compared: each malicious event's " +
      "`latestApiPayload` is the `GuardrailEvent` JSON with its `id`.",
    "",
    tableRow(["figure", "value"]),
    tableRow(["---", "---"]),
    tableRow(["events produced by the first proxy", `${artifact.producedByFirst} (${kinds(artifact.firstByKind)})`]),
    tableRow(["spooled when it exited on SIGTERM", `${artifact.spooledAtShutdown} (exit code ${artifact.firstExitCode})`]),
    tableRow(["replayed from the spool by the second proxy", String(artifact.replayedOnStart)]),
    tableRow(["events produced by the second proxy (backend still down)", `${artifact.producedBySecond} (${kinds(artifact.secondByKind)})`]),
    tableRow(["recorded by the threat backend", `${artifact.delivered} of ${produced}`]),
    tableRow(["duplicates / missing / unknown ids", `${artifact.duplicates} / ${artifact.missing} / ${artifact.unexpected}`]),
    tableRow(["left in the spool after the second proxy exited", `${artifact.leftInSpool} (exit code ${artifact.secondExitCode})`]),
    tableRow(["backend up → last event recorded", `${artifact.deliveryMs} ms`]),
    "",
    "Also asserted: the (route, stage, action) of every delivered event is the one its decision was logged with, and the verdict " +
      "service recorded no events of its own (`skipThreat`), so nothing is counted twice. The spool's unit tests " +
      "(`packages/sdk/src/events/*.test.ts`) cover crashes, torn lines and concurrent starts.",
  ].join("\n");
}
