import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

function startCli(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: packageDirectory });
  children.push(child);
  return child;
}

/** Resolves with everything the child printed on stdout once `pattern` shows up (or it exits). */
async function readUntil(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  let output = '';
  child.stdout.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (text: string) => {
      output += text;
      if (pattern.test(output)) resolve(output);
    });
    child.once('exit', (code) => reject(new Error(`cli exited with ${code} before printing ${pattern}: ${output}`)));
  });
}

beforeAll(() => {
  // Tests run against the built bin (the test command builds every package first). Never rebuild
  // here: tsup cleans dist/, which other packages' tests are importing at the same time.
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`pnpm build\` first`);
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('mock-llm cli', () => {
  it('should print exactly one ready line, serve requests and exit 0 on SIGTERM', async () => {
    const child = startCli(['--port', '0', '--chunk-size', '3']);
    const output = await readUntil(child, /\n/);
    expect(output).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = output.trim().slice('listening on '.length);

    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: '[[reply:abcdefg]]' }] }),
    });
    const text = await response.text();
    expect(text).toContain('"content":"abc"');
    expect(text).toContain('"content":"def"');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('should close cleanly on SIGINT even with a stream still open', async () => {
    const child = startCli(['--port=0', '--chunk-interval-ms', '600000']);
    const url = (await readUntil(child, /\n/)).trim().slice('listening on '.length);
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'a long enough message' }] }),
    });
    const reader = response.body!.getReader();
    // The first chunk proves the stream is open; the next one would take ten minutes.
    expect((await reader.read()).done).toBe(false);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    expect((await exited)[0]).toBe(0);
    await expect(reader.read()).rejects.toThrow();
  });

  it('should print usage for --help and exit 0', async () => {
    const child = startCli(['--help']);
    const output = await readUntil(child, /Usage: mock-llm/);
    expect(output).toContain('--chunk-interval-ms');
    expect((await once(child, 'exit'))[0]).toBe(0);
  });

  it('should exit 2 with a message on a bad argument', async () => {
    const child = startCli(['--port', 'nope']);
    let errorOutput = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => (errorOutput += text));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(errorOutput).toContain('--port must be an integer');
  });
});
