/** Counts running request handlers so shutdown can wait for them. */
export interface InflightTracker {
  /** Runs `task` as one in-flight unit. */
  track<T>(task: Promise<T>): Promise<T>;
  readonly size: number;
  /** Resolves `true` once nothing is in flight, or `false` after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInflightTracker(): InflightTracker {
  let size = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    size -= 1;
    if (size === 0) {
      const ready = waiters;
      waiters = [];
      for (const wake of ready) wake();
    }
  };
  return {
    track(task) {
      size += 1;
      task.then(settle, settle);
      return task;
    },
    get size() {
      return size;
    },
    drain(timeoutMs) {
      if (size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(wake);
      });
    },
  };
}
