import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LOAD_PROFILES, runLoadScenario, type LoadReport } from "./support-b/run-load-scenario";
import { MIB } from "./support-b/sample-process";

// `SOAK=1` (pnpm test:soak) selects the full profile; CI runs the short one. `LOAD_REPORT=FILE` keeps
// the figures as JSON (tests/integration/scripts/soak.ts renders them into RELIABILITY.md).
const profile = process.env["SOAK"] === "1" ? LOAD_PROFILES.soak : LOAD_PROFILES.ci;

describe(`load with faults (${profile.name}: ${profile.requests} requests at concurrency ${profile.concurrency})`, () => {
  let report: LoadReport;

  it(
    "should answer every request correctly while Akto fails 10% of calls and has an outage",
    async () => {
      report = await runLoadScenario(profile);
      if (process.env["LOAD_REPORT"]) writeFileSync(process.env["LOAD_REPORT"], `${JSON.stringify(report, null, 2)}\n`);
      const total = profile.requests + profile.warmup;
      expect(report.firstProblems).toEqual([]);
      expect(report.sent).toBe(total);
      expect(report.answered).toBe(total);
      expect(report.socketErrors).toBe(0);
      expect(report.problems).toBe(0);
      // Every decision a faulty Akto can lead to was exercised, and nothing else was answered.
      expect(Object.keys(report.statusCounts).sort()).toEqual(["200", "403", "503"]);
      for (const action of ["allow", "sanitize", "block", "fail-open", "fail-closed"]) expect(report.actionCounts[action], action).toBeGreaterThan(0);
      expect(report.proxyAliveAfterLoad).toBe(true);
    },
    profile.name === "soak" ? 900_000 : 120_000,
  );

  it("should see the injected failures and the breaker open during the outage and close after it", () => {
    const failures = report.breaker.failuresByClass;
    for (const failureClass of ["server", "timeout", "malformed_response", "circuit_open"]) expect(failures[failureClass], failureClass).toBeGreaterThan(0);
    expect(report.breaker.openedAtMs).toBeGreaterThanOrEqual(report.phases.outage.atMs);
    expect(report.breaker.openedAtMs).toBeLessThanOrEqual(report.phases.recovery.atMs + 1_000);
    expect(report.breaker.closedAtMs).toBeGreaterThan(report.breaker.openedAtMs ?? Infinity);
  });

  it("should hold no more sockets or memory after the run than the stated bounds", () => {
    const { start, beforeLoad, peak, afterIdle } = report.process;
    const { bounds } = report;
    expect(afterIdle.inbound).toBeLessThanOrEqual(bounds.inbound);
    expect(afterIdle.toAkto).toBeLessThanOrEqual(bounds.toAkto);
    expect(peak.toAkto).toBeLessThanOrEqual(bounds.toAkto);
    // The upstream pool never holds more connections than requests were in flight.
    expect(peak.toLlm).toBeLessThanOrEqual(profile.concurrency);
    expect(afterIdle.toLlm).toBeLessThanOrEqual(profile.concurrency);
    expect(afterIdle.fds - afterIdle.sockets).toBeLessThanOrEqual(start.fds - start.sockets + bounds.otherFdSlack);
    expect(afterIdle.rssMiB - beforeLoad.rssMiB).toBeLessThanOrEqual(bounds.rssBytes / MIB);
    expect(report.proxyExit).toEqual({ code: 0, signal: null });
  });
});
