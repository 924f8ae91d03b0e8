export { startMockAkto } from "./start-mock-akto";
export { loadPolicies } from "./policies/load-policies";
export { parsePolicies } from "./policies/parse-policies";
export { defaultPolicies } from "./policies/default-policies";
export { MockAktoError, type MockAktoErrorCode } from "./mock-akto-error";
export { faultKinds } from "./faults/normalize-fault";
export type {
  BanSubstringsRule,
  DeniedTopic,
  DetectorBehavior,
  EventKind,
  EventRecord,
  FaultKind,
  FaultSpec,
  FaultState,
  GuardrailPolicy,
  IgnorePhrase,
  LatencySpec,
  MetadataMode,
  MockAkto,
  MockAktoAdmin,
  MockAktoOptions,
  MockAktoRuntimeOptions,
  PiiTypeRule,
  PolicyBehaviour,
  PromptAttackLevel,
  RegexPatternRule,
  RequestRecord,
  ResponseCasing,
  ValidationRecord,
  ValidationRoute,
  Verdict,
  VerdictAction,
  VerdictBehaviour,
} from "./types";
