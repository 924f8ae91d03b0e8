// Renders docs/decision-table.md from conformance/vectors.json (the one source of truth).
// Usage: node packages/core/scripts/decision-table.mjs [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const vectorsUrl = new URL("../conformance/vectors.json", import.meta.url);
const docUrl = new URL("../../../docs/decision-table.md", import.meta.url);

function describeAkto(akto) {
  if (akto.fault === "timeout") return "no answer within `timeoutMs`";
  if (akto.fault === "connection") return "connection refused";
  if (akto.raw !== undefined) return `HTTP ${akto.status}, body \`${akto.raw}\``;
  if (typeof akto.body === "string") return `HTTP ${akto.status}${akto.body === "" ? ", empty body" : `, \`${akto.body}\``}`;
  const body = akto.body;
  const summary = [];
  for (const key of ["Allowed", "allowed", "Modified", "modified", "behaviour", "failOpen", "Reason", "error", "success"]) {
    if (!(key in body)) continue;
    const value = body[key];
    if (value === "" || (key === "Modified" && value === false && !body.ModifiedPayload)) continue;
    summary.push(`${key}: ${JSON.stringify(value)}`);
  }
  if (body.ModifiedPayload) summary.push(body.Modified ? "ModifiedPayload: redacted copy" : "ModifiedPayload: echoed input");
  return `HTTP ${akto.status}, ${summary.join(", ").replaceAll("|", "\\|")}`;
}

function describeOptions(options) {
  const entries = Object.entries(options);
  if (entries.length === 0) return "defaults";
  return entries.map(([key, value]) => `\`${key}: ${JSON.stringify(value)}\``).join(", ");
}

export function renderDecisionTable(document) {
  const lines = [
    "# Decision table",
    "",
    "Generated from `packages/core/conformance/vectors.json` by `packages/core/scripts/decision-table.mjs`; do not edit by hand.",
    "Every adapter (sdk, proxy, express-middleware, portkey-plugin) runs these vectors in its own tests and must reach the same decision.",
    "",
    "Defaults: `failMode: open` (as Akto's own clients), `mode: enforce`. Status is what the client receives when the traffic is stopped (403 policy block, 503 fail-closed), 200 otherwise.",
    "",
    "| id | stage | options | Akto answers | action | outcome | status | flagged | failure class |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const vector of document.vectors) {
    const expect = vector.expect;
    lines.push(
      `| ${vector.id} | ${vector.stage} | ${describeOptions(vector.options)} | ${describeAkto(vector.akto)} | ${expect.action} | ${expect.outcome} | ${expect.status} | ${expect.flagged ? "yes" : "no"} | ${expect.failureClass ?? ""} |`,
    );
  }
  lines.push("", "## What each vector checks", "");
  for (const vector of document.vectors) lines.push(`- **${vector.id}**: ${vector.description}`);
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const document = JSON.parse(readFileSync(vectorsUrl, "utf8"));
  const rendered = renderDecisionTable(document);
  if (process.argv.includes("--check")) {
    const current = readFileSync(docUrl, "utf8");
    if (current !== rendered) {
      console.error("docs/decision-table.md is stale: run node packages/core/scripts/decision-table.mjs");
      process.exit(1);
    }
  } else {
    writeFileSync(docUrl, rendered);
    console.log(`wrote ${fileURLToPath(docUrl)} (${document.vectors.length} vectors)`);
  }
}
