import { SETTINGS } from "../config/settings";

/** The `--help` text, built from the settings table so flags and docs cannot drift. */
export function usage(): string {
  const width = Math.max(...SETTINGS.map((setting) => setting.flag.length)) + 10;
  const lines = SETTINGS.map((setting) => `  --${`${setting.flag} <value>`.padEnd(width)} ${setting.description} [env ${setting.env}]`);
  return [
    "Usage: akto-guardrails-proxy [options]",
    "",
    "An OpenAI- and Anthropic-compatible gateway that puts Akto guardrails in front of LLM traffic.",
    "",
    "Options:",
    `  --${"config <file>".padEnd(width)} JSON or YAML config file [env AKTO_PROXY_CONFIG]`,
    ...lines,
    `  --${"help".padEnd(width)} show this help`,
    `  --${"version".padEnd(width)} print the version`,
    "",
    "Precedence: defaults < config file < environment < flags.",
    "Example: akto-guardrails-proxy --akto-url https://<account>-guardrails.akto.io --akto-api-key $KEY --upstream https://api.openai.com",
    "",
  ].join("\n");
}
