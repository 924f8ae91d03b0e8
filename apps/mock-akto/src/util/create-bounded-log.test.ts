import { describe, expect, it } from "vitest";
import { createBoundedLog } from "./create-bounded-log";

describe("createBoundedLog", () => {
  it("should keep only the newest items, oldest first", () => {
    const log = createBoundedLog<number>(3);
    for (let value = 1; value <= 5; value += 1) log.push(value);
    expect(log.toArray()).toEqual([3, 4, 5]);
    expect(log.last(2)).toEqual([4, 5]);
    expect(log.size).toBe(3);
  });

  it("should grow past its initial capacity up to the limit", () => {
    const log = createBoundedLog<number>(3000);
    for (let value = 0; value < 5000; value += 1) log.push(value);
    expect(log.size).toBe(3000);
    expect(log.toArray()[0]).toBe(2000);
    log.clear();
    expect(log.toArray()).toEqual([]);
  });
});
