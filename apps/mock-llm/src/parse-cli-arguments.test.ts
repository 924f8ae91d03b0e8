import { describe, expect, it } from 'vitest';
import { MockLlmError } from './mock-llm-error';
import { parseCliArguments } from './parse-cli-arguments';

describe('parseCliArguments', () => {
  it('should read every option in both spellings', () => {
    expect(parseCliArguments(['--host', '127.0.0.1', '--port=0', '--chunk-size', '3', '--chunk-interval-ms=20'])).toEqual({
      help: false,
      options: { host: '127.0.0.1', port: 0, chunkSize: 3, chunkIntervalMs: 20 },
    });
    expect(parseCliArguments([])).toEqual({ help: false, options: {} });
  });

  it('should recognise --help and -h', () => {
    expect(parseCliArguments(['--port', '1', '--help'])).toEqual({ help: true });
    expect(parseCliArguments(['-h'])).toEqual({ help: true });
  });

  it.each([[['--port']], [['--port', 'abc']], [['--port', '70000']], [['--chunk-size', '0']], [['--nope', '1']], [['stray']]])(
    'should reject %j with MOCK_LLM_INVALID_ARGUMENT',
    (argv) => {
      let caught: unknown;
      try {
        parseCliArguments(argv);
      } catch (error) {
        caught = error;
      }
      expect(MockLlmError.isInstance(caught) && caught.code).toBe('MOCK_LLM_INVALID_ARGUMENT');
    },
  );
});
