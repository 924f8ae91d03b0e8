import { metricByLabel, metricValue, parsePrometheus } from "./parse-prometheus";
import { sampleProcess, type ProcessSample } from "./sample-process";

/** 0 closed, 1 half-open, 2 open (`akto_guardrails_breaker_state`). */
export type BreakerStateValue = 0 | 1 | 2;

export interface WatchSample {
  /** Milliseconds since the watch started. */
  readonly atMs: number;
  /** The load phase when the sample was taken. */
  readonly phase: string;
  readonly breakerState: BreakerStateValue;
  /** `akto_guardrails_failures_total` by class. */
  readonly failures: Readonly<Record<string, number>>;
  readonly process: ProcessSample;
}

export interface MetricsWatch {
  readonly samples: WatchSample[];
  /** The first sample whose breaker state was `state`, taken after `afterMs`. */
  firstSeen(state: BreakerStateValue, afterMs?: number): WatchSample | undefined;
  /** Stops watching after one last sample. */
  stop(): Promise<void>;
}

export interface WatchOptions {
  readonly proxyUrl: string;
  readonly pid: number;
  readonly intervalMs: number;
  readonly phase: () => string;
}

/** Scrapes the proxy's /metrics (and samples its process) on an interval while a load runs. */
export function watchMetrics(options: WatchOptions): MetricsWatch {
  const samples: WatchSample[] = [];
  const started = Date.now();
  let stopped = false;
  const scrape = async (): Promise<void> => {
    const response = await fetch(`${options.proxyUrl}/metrics`);
    const metrics = parsePrometheus(await response.text());
    samples.push({
      atMs: Date.now() - started,
      phase: options.phase(),
      breakerState: metricValue(metrics, "akto_guardrails_breaker_state") as BreakerStateValue,
      failures: metricByLabel(metrics, "akto_guardrails_failures_total", "class"),
      process: sampleProcess(options.pid),
    });
  };
  const loop = (async () => {
    while (!stopped) {
      await scrape();
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
    await scrape();
  })();
  return {
    samples,
    firstSeen: (state, afterMs = -1) => samples.find((sample) => sample.breakerState === state && sample.atMs > afterMs),
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
