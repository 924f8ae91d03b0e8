export { startMockLlm } from './start-mock-llm';
export { MockLlmError, type MockLlmErrorCode } from './mock-llm-error';
export type {
  MockLlm,
  MockLlmAdmin,
  MockLlmOptions,
  MockLlmRuntimeOptions,
  RecordedRequest,
  ScriptedReply,
  ScriptedToolCall,
} from './types';
