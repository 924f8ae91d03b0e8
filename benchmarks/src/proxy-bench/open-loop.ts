import { Agent, request } from "undici";

export interface OpenLoopResult {
  readonly sent: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * A fixed-rate (open-loop) load: one request every 1000/rate ms whatever the server's speed, each
 * timed from its scheduled start (or its actual send, if that was earlier). autocannon's `overallRate` sends each second's requests in bursts
 * across its connections, which measures its own burst queueing rather than the server's latency.
 */
export async function openLoop(url: string, body: string, headers: Record<string, string>, rate: number, seconds: number): Promise<OpenLoopResult> {
  const dispatcher = new Agent({ connections: 256, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Timed from the scheduled moment when the generator is late (its lateness counts), from the send when it is early
    // (a wait under 1 ms is not slept, as timers cannot resolve it).
    const from = Math.min(due, performance.now());
    pending.push(
      request(url, { method: "POST", headers, body, dispatcher })
        .then(async (response) => {
          await response.body.text();
          if (response.statusCode !== 200) errors += 1;
          latencies.push(performance.now() - from);
        })
        .catch(() => {
          errors += 1;
        }),
    );
  }
  await Promise.all(pending);
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(2));
  return { sent: total, errors, p50: at(0.5), p99: at(0.99), max: Number(latencies[latencies.length - 1]!.toFixed(2)) };
}
