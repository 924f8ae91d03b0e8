import { describe, expect, it } from 'vitest';
import { MockLlmError } from './mock-llm-error';
import { validateScriptedReplies } from './validate-scripted-replies';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return MockLlmError.isInstance(error) ? error.code : 'not a MockLlmError';
  }
  return undefined;
}

describe('validateScriptedReplies', () => {
  it('should normalise tool call arguments given as object or string', () => {
    const [fromObject, fromString] = validateScriptedReplies([
      { toolCall: { name: 'lookup', arguments: { id: 1 } } },
      { toolCall: { name: 'lookup', arguments: '{"id":2}' } },
    ]);
    expect(fromObject?.toolCall).toEqual({ name: 'lookup', argumentsJson: '{"id":1}', input: { id: 1 } });
    expect(fromString?.toolCall).toEqual({ name: 'lookup', argumentsJson: '{"id":2}', input: { id: 2 } });
  });

  it('should accept text, status and delay', () => {
    expect(validateScriptedReplies([{ text: 'a', status: 503, delayMs: 10 }])).toEqual([{ text: 'a', status: 503, delayMs: 10 }]);
  });

  it.each([
    ['not an array', { text: 'x' }],
    ['a non-object reply', ['x']],
    ['an unknown key', [{ txt: 'x' }]],
    ['a non-string text', [{ text: 5 }]],
    ['a status outside 400-599', [{ status: 200 }]],
    ['a negative delay', [{ delayMs: -1 }]],
    ['a tool call without name', [{ toolCall: { arguments: {} } }]],
    ['tool arguments that are not JSON', [{ toolCall: { name: 'a', arguments: '{nope' } }]],
    ['tool arguments that are an array', [{ toolCall: { name: 'a', arguments: [1] } }]],
  ])('should reject %s with MOCK_LLM_INVALID_SCRIPT', (_label, input) => {
    expect(codeOf(() => validateScriptedReplies(input))).toBe('MOCK_LLM_INVALID_SCRIPT');
  });
});
