import type { LoadReport, ProcessFigures } from "./run-load-scenario";

const MIB = 1024 * 1024;

function number(value: number): string {
  return value.toLocaleString("en-US");
}

function counts(record: Readonly<Record<string, number>>, order: ReadonlyArray<string>): string {
  const keys = [...order.filter((key) => key in record), ...Object.keys(record).filter((key) => !order.includes(key)).sort()];
  return keys.map((key) => `${key}: ${number(record[key] ?? 0)}`).join(" · ");
}

function connections(figures: ProcessFigures): string {
  return `${figures.toLlm} to the LLM, ${figures.toAkto} to Akto, ${figures.inbound} inbound`;
}

/** The figures of one load run as a Markdown table (the load section of RELIABILITY.md). */
export function renderLoadReport(report: LoadReport, date: string): string {
  const { profile, process, breaker, bounds } = report;
  const seconds = (milliseconds: number | undefined) => (milliseconds === undefined ? "never" : `${(milliseconds / 1000).toFixed(2)} s`);
  const rows: Array<[string, string]> = [
    ["run", `\`${profile.name}\` profile, ${date}, seed ${profile.seed}`],
    ["requests", `${number(profile.requests)} at concurrency ${profile.concurrency}, after ${number(profile.warmup)} warm-up requests`],
    ["duration", `${seconds(report.durationMs)} (${number(report.requestsPerSecond)} requests/s)`],
    ["answered", `${number(report.answered)} of ${number(report.sent)}; ${report.socketErrors} socket errors; ${report.problems} wrong answers`],
    ["statuses", counts(report.statusCounts, ["200", "403", "503"])],
    ["decisions (`x-akto-guardrails-action`)", counts(report.actionCounts, ["allow", "sanitize", "block", "fail-open", "fail-closed"])],
    ["Akto failures (`akto_guardrails_failures_total`)", counts(breaker.failuresByClass, ["timeout", "server", "malformed_response", "connection", "circuit_open"])],
    [
      "breaker (`akto_guardrails_breaker_state`)",
      `outage from request ${number(report.phases.outage.fromRequest)} (${seconds(report.phases.outage.atMs)}): seen open at ${seconds(breaker.openedAtMs)}; ` +
        `recovery from request ${number(report.phases.recovery.fromRequest)} (${seconds(report.phases.recovery.atMs)}): seen closed at ${seconds(breaker.closedAtMs)}; ` +
        `${breaker.observedTransitions} state changes in ${breaker.samples} scrapes`,
    ],
    [
      "proxy RSS",
      `${process.start.rssMiB} MiB at start, ${process.beforeLoad.rssMiB} before the run, ${process.peak.rssMiB} peak, ${process.afterIdle.rssMiB} after ` +
        `(growth ${(process.afterIdle.rssMiB - process.beforeLoad.rssMiB).toFixed(1)} MiB, bound ${bounds.rssBytes / MIB} MiB); highest per quarter of the run: ${process.rssByQuarterMiB.join(", ")} MiB`,
    ],
    [
      "proxy file descriptors",
      `${process.start.fds} at start, ${process.beforeLoad.fds} before the run, ${process.peak.fds} peak (${connections(process.peak)}), ` +
        `${process.afterIdle.fds} after idle (${connections(process.afterIdle)}; ${process.afterIdle.fds - process.afterIdle.sockets} non-socket, ${process.start.fds - process.start.sockets} at start)`,
    ],
    ["proxy exit on SIGTERM", `code ${report.proxyExit.code ?? "none"}${report.proxyExit.signal ? `, signal ${report.proxyExit.signal}` : ""}`],
  ];
  return ["| figure | value |", "|---|---|", ...rows.map(([figure, value]) => `| ${figure} | ${value} |`)].join("\n");
}
