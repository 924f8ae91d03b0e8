const marker = 'akto-guardrails.mock-llm.error';
const symbol = Symbol.for(marker);

/** Stable codes of {@link MockLlmError}. */
export type MockLlmErrorCode =
  | 'MOCK_LLM_INVALID_OPTIONS'
  | 'MOCK_LLM_INVALID_SCRIPT'
  | 'MOCK_LLM_INVALID_ARGUMENT'
  | 'MOCK_LLM_WAIT_TIMEOUT'
  | 'MOCK_LLM_CLOSED';

/** Error thrown by the programmatic API of the mock. */
export class MockLlmError extends Error {
  readonly code: MockLlmErrorCode;

  constructor({ code, message }: { code: MockLlmErrorCode; message: string }) {
    super(message);
    this.name = 'MockLlmError';
    this.code = code;
    // Marker read by isInstance; works across duplicate copies of this module.
    Object.defineProperty(this, symbol, { value: true });
  }

  static isInstance(error: unknown): error is MockLlmError {
    return (
      error != null &&
      typeof error === 'object' &&
      symbol in error &&
      (error as Record<symbol, unknown>)[symbol] === true
    );
  }
}
