import { tableRow } from "./markdown-sections";
import type { SecretsArtifact } from "./secrets-results";

/** The secrets-and-privacy section of RELIABILITY.md: the rules, and what each scenario looked at. */
export function renderSecrets(artifact: SecretsArtifact): string {
  return [
    "Proved by `tests/integration/src/reliability/secrets.test.ts`: one scenario per adapter with distinctive secrets: an Akto key, " +
      "a provider key in `Authorization`, an `x-api-key`, a cookie, and for Portkey a provider key inside `x-portkey-config` and an " +
      "`x-portkey-api-key`; prompts with PII (sanitized) and an injection (blocked). mock-akto enforces the Akto key, so a key that " +
      "did not arrive would show as failed scans, not as a silent pass. Everything is captured: pino output at `debug` (a " +
      "destination stream), mock-akto requests, validations and events, mock-llm requests, Portkey results and webhook answers.",
    "",
    "Asserted in every scenario:",
    "",
    "- The Akto key is in the `authorization` header of every request to Akto (validations and threat events) and nowhere else: " +
      "not in an Akto request body or other header, not upstream, not in logs, events, Portkey results or error messages.",
    "- Provider keys, `x-api-key`, cookies and Portkey's keyed headers never reach Akto (headers, query or body of any request). " +
      "The upstream did receive the provider key where there is one, so the secret really was in the traffic.",
    "- No prompt text in logs or in posted events by default (`logPayloads` and `events.includePayloads` off), while Akto did receive " +
      "the prompt for scanning. Portkey `data` carries no prompt text, and sanitized bodies no longer hold the PII.",
    "- With an Akto that rejects the key (401, failure class `auth`): fail-open decisions are logged (lines checked) without any key; " +
      "fail-closed answers (503, Portkey `Error`, webhook `verdict:false`) name no key.",
    "- Errors for invalid options (sdk, proxy, Express, webhook, plugin parameters) list the problems without repeating the key.",
    "",
    tableRow(["adapter", "Akto requests", "upstream requests", "log lines", "posted events", "Portkey results", "failure log lines"]),
    tableRow(["---", "---", "---", "---", "---", "---", "---"]),
    ...artifact.scenarios.map((scenario) =>
      tableRow([
        scenario.adapter,
        String(scenario.aktoRequests),
        String(scenario.upstreamRequests),
        String(scenario.logLines),
        String(scenario.postedEvents),
        String(scenario.portkeyResults),
        String(scenario.failureLogLines),
      ]),
    ),
    "",
    "The Portkey plugin and webhook keep no logs and post no events (Akto records its own threat events for them).",
  ].join("\n");
}
