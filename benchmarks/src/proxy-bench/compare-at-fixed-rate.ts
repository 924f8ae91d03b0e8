import { median } from "../stats";

/** The latency figures a fixed-rate run reports, whichever load generator made it. */
export interface LatencyRun {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Drives one URL at the fixed rate for `seconds`. */
export type DriveAtRate = (url: string, seconds: number) => Promise<LatencyRun>;

export interface FixedRateTargets {
  /** mock-llm itself. */
  readonly direct: string;
  /** The bare two-hop: the same process hops as the guarded proxy, no guard logic. */
  readonly twoHop: string;
  /** The proxy with input guardrails. */
  readonly input: string;
}

interface Round {
  readonly direct: LatencyRun;
  readonly twoHop: LatencyRun;
  readonly input: LatencyRun;
}

export interface FixedRateComparison {
  readonly rounds: readonly Round[];
  /** Per round, p99 of the guarded proxy minus p99 of direct. */
  readonly addedP99Rounds: readonly number[];
  readonly twoHopAddedP99Rounds: readonly number[];
  /** The round whose added p99 is the median. */
  readonly medianRound: Round;
  readonly addedP99: number;
  readonly twoHopAddedP99: number;
}

const twoDecimals = (value: number) => Number(value.toFixed(2));

/**
 * Added p99 of the guarded proxy (and of the bare two-hop, as the reference for what the hops alone cost) over going
 * direct, in alternating rounds so a noisy phase of the machine hits every target; the first round of a run is often
 * the slowest for all of them.
 */
export async function compareAtFixedRate(
  drive: DriveAtRate,
  targets: FixedRateTargets,
  options: { rounds: number; seconds: number; warmupSeconds: number; label: string },
): Promise<FixedRateComparison> {
  const path = "/v1/chat/completions";
  for (const origin of [targets.direct, targets.twoHop, targets.input]) await drive(`${origin}${path}`, options.warmupSeconds);
  const rounds: Round[] = [];
  for (let index = 0; index < options.rounds; index += 1) {
    const direct = await drive(`${targets.direct}${path}`, options.seconds);
    const twoHop = await drive(`${targets.twoHop}${path}`, options.seconds);
    const input = await drive(`${targets.input}${path}`, options.seconds);
    console.log(JSON.stringify({ fixedRate: options.label, round: index + 1, direct, twoHop, input }));
    rounds.push({ direct, twoHop, input });
  }
  const addedP99Rounds = rounds.map((round) => twoDecimals(round.input.p99 - round.direct.p99));
  const twoHopAddedP99Rounds = rounds.map((round) => twoDecimals(round.twoHop.p99 - round.direct.p99));
  const byAdded = [...rounds].sort((a, b) => a.input.p99 - a.direct.p99 - (b.input.p99 - b.direct.p99));
  return {
    rounds,
    addedP99Rounds,
    twoHopAddedP99Rounds,
    medianRound: byAdded[Math.floor(byAdded.length / 2)]!,
    addedP99: median(addedP99Rounds),
    twoHopAddedP99: median(twoHopAddedP99Rounds),
  };
}
