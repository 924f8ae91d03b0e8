const CACHED = 16;

/**
 * `build(index)` for an array or block index, with the results for small indexes computed once: the hot
 * path then reuses the same strings and paths for every event (no allocation, and a stream key's hash is
 * computed once) instead of building `c0` or `["choices", 0, "delta", "content"]` again per event.
 */
export function createIndexedNames<T>(build: (index: number) => T): (index: number) => T {
  const cached: ReadonlyArray<T> = Object.freeze(Array.from({ length: CACHED }, (_unused, index) => build(index)));
  return (index) => (index < CACHED ? (cached[index] as T) : build(index));
}
