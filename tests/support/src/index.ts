export { refusedUrl, startAktoStub } from "./akto-stub";
export type { AktoStub, StubRequest } from "./akto-stub";
export { CONFORMANCE_TIMEOUT_MS, conformanceAktoUrl, conformanceOptions, loadConformanceDocument, startConformanceAkto } from "./conformance";
export type { ConformanceAkto } from "./conformance";
export { captureLogs } from "./log-capture";
export { listenOnLoopback } from "./loopback-server";
export type { LoopbackListener } from "./loopback-server";
export type { LogCapture, LoggerFactory } from "./log-capture";
