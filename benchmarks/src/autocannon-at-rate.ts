import autocannon from "autocannon";
import { percentile, round } from "./stats";

export interface RateRunResult {
  readonly sent: number;
  readonly requestsPerSecond: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly p99_9: number;
  readonly max: number;
  /** Responses slower than 1 ms: with one connection, each is one pause of the client, a server or the machine. */
  readonly over1ms: number;
}

export interface RateRunOptions {
  readonly url: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly rate: number;
  readonly seconds: number;
  /** Default 1: each request leaves when the previous answer is in, so nothing queues inside the client. */
  readonly connections?: number;
}

/**
 * autocannon at `rate` req/s (its `overallRate`: each second's requests leave back to back, then it waits for the
 * next second), with every response time kept exactly: autocannon's own histogram has whole-millisecond buckets,
 * too coarse for sub-millisecond targets.
 */
export function autocannonAtRate(options: RateRunOptions): Promise<RateRunResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: options.url,
        method: "POST",
        headers: options.headers,
        body: options.body,
        connections: options.connections ?? 1,
        overallRate: options.rate,
        duration: options.seconds,
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const sorted = latencies.sort((left, right) => left - right);
        resolve({
          sent: result.requests.total,
          requestsPerSecond: round(result.requests.total / (result.duration || options.seconds)),
          errors: result.errors + result.timeouts + result.non2xx,
          p50: round(percentile(sorted, 0.5)),
          p99: round(percentile(sorted, 0.99)),
          p99_9: round(percentile(sorted, 0.999)),
          max: round(sorted[sorted.length - 1] ?? Number.NaN),
          over1ms: sorted.filter((latency) => latency > 1).length,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}
