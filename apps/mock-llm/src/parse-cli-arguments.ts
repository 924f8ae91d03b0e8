import { MockLlmError } from './mock-llm-error';
import type { MockLlmOptions } from './types';

export const CLI_USAGE = `Usage: mock-llm [options]

OpenAI- and Anthropic-compatible mock LLM for development, tests and benchmarks.

Options:
  --host <host>               interface to bind (default 127.0.0.1)
  --port <port>               port to bind, 0 = any free port (default 0)
  --chunk-size <n>            characters per streamed delta (default 8)
  --chunk-interval-ms <ms>    delay between streamed chunks (default 0)
  -h, --help                  show this help

Prints "listening on http://HOST:PORT" once ready.`;

export type CliArguments = { help: true } | { help: false; options: MockLlmOptions };

/** Parses `--name value` and `--name=value` flags. Throws `MockLlmError` (`MOCK_LLM_INVALID_ARGUMENT`). */
export function parseCliArguments(argv: string[]): CliArguments {
  const options: MockLlmOptions = {};
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--help' || argument === '-h') return { help: true };
    if (!argument.startsWith('--')) throw invalid(`unexpected argument "${argument}"`);
    const equals = argument.indexOf('=');
    const name = equals === -1 ? argument : argument.slice(0, equals);
    let value: string | undefined;
    if (equals === -1) {
      value = argv[index + 1];
      index += 1;
    } else {
      value = argument.slice(equals + 1);
    }
    if (value === undefined || value === '') throw invalid(`${name} needs a value`);
    switch (name) {
      case '--host':
        options.host = value;
        break;
      case '--port':
        options.port = toInteger(name, value, 0, 65_535);
        break;
      case '--chunk-size':
        options.chunkSize = toInteger(name, value, 1, Number.MAX_SAFE_INTEGER);
        break;
      case '--chunk-interval-ms':
        options.chunkIntervalMs = toInteger(name, value, 0, 600_000);
        break;
      default:
        throw invalid(`unknown option ${name}`);
    }
  }
  return { help: false, options };
}

function toInteger(name: string, value: string, minimum: number, maximum: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < minimum || number > maximum) {
    throw invalid(`${name} must be an integer between ${minimum} and ${maximum}, got "${value}"`);
  }
  return number;
}

function invalid(message: string): MockLlmError {
  return new MockLlmError({ code: 'MOCK_LLM_INVALID_ARGUMENT', message });
}
