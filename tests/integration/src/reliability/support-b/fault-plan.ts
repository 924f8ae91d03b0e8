/** A fault kind and the share of all validation calls it should hit. */
export interface FaultShare {
  readonly fault: Readonly<Record<string, unknown>>;
  readonly share: number;
}

/**
 * mock-akto tries its faults in order and the first one whose `rate` draw hits wins, so a later
 * fault only sees the calls the earlier ones let through. This turns wanted shares of all calls
 * (0.03 + 0.03 + ... = 0.1) into the conditional rates that produce them.
 */
export function faultPlan(shares: ReadonlyArray<FaultShare>): Array<Record<string, unknown>> {
  let remaining = 1;
  return shares.map(({ fault, share }) => {
    const rate = share / remaining;
    remaining -= share;
    return { ...fault, rate: Math.round(rate * 1e6) / 1e6 };
  });
}
