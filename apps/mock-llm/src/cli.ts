#!/usr/bin/env node
import { MockLlmError } from './mock-llm-error';
import { CLI_USAGE, parseCliArguments } from './parse-cli-arguments';
import { startMockLlm } from './start-mock-llm';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`mock-llm: ${MockLlmError.isInstance(error) ? error.message : String(error)}\n\n${CLI_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }

  const mock = await startMockLlm(parsed.options);
  process.stdout.write(`listening on ${mock.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`mock-llm: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
