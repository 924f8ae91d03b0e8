/**
 * Re-checks a condition on a short interval until it holds or the deadline passes, and returns the
 * last value either way. For process state that has no event to wait for (a file descriptor count
 * settling once idle keep-alive sockets time out); the deadline bounds the test, it is not a delay.
 */
export async function waitUntil<T>(read: () => T | Promise<T>, holds: (value: T) => boolean, deadlineMs: number, intervalMs = 100): Promise<T> {
  const until = Date.now() + deadlineMs;
  let value = await read();
  while (!holds(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await read();
  }
  return value;
}
