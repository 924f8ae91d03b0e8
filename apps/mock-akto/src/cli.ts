#!/usr/bin/env node
import { parseCliArgs, cliUsage } from "./cli/parse-cli-args";
import { startMockAkto } from "./start-mock-akto";

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === "help") {
    process.stdout.write(cliUsage);
    return;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`mock-akto: ${parsed.message}\nRun mock-akto --help for usage.\n`);
    process.exitCode = 2;
    return;
  }
  const mock = await startMockAkto(parsed.options);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Handlers go in before the ready line: a supervisor may signal as soon as it reads it.
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.stdout.write(`listening on ${mock.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`mock-akto: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
