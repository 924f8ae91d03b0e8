import { describe, expect, it } from "vitest";
import { createInflightTracker } from "./inflight-tracker";

describe("createInflightTracker", () => {
  it("should drain once every tracked task settled", async () => {
    const tracker = createInflightTracker();
    let finish!: () => void;
    void tracker.track(new Promise<void>((resolve) => (finish = resolve)));
    void tracker.track(Promise.reject(new Error("failed tasks count as settled"))).catch(() => undefined);
    const drained = tracker.drain(10_000);
    expect(tracker.size).toBeGreaterThanOrEqual(1);
    finish();
    expect(await drained).toBe(true);
    expect(tracker.size).toBe(0);
  });

  it("should give up after the timeout", async () => {
    const tracker = createInflightTracker();
    void tracker.track(new Promise(() => undefined));
    expect(await tracker.drain(10)).toBe(false);
  });
});
