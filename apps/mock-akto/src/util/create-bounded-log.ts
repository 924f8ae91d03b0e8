export interface BoundedLog<T> {
  push(item: T): void;
  /** Oldest first. */
  toArray(): T[];
  /** The last `count` items, oldest first. */
  last(count: number): T[];
  readonly size: number;
  clear(): void;
}

/** A ring buffer keeping the newest `limit` items, so long runs do not grow memory without bound. */
export function createBoundedLog<T>(limit: number): BoundedLog<T> {
  let items: (T | undefined)[] = new Array<T | undefined>(Math.min(limit, 1024));
  let start = 0;
  let size = 0;

  const at = (index: number): T => items[(start + index) % items.length] as T;

  return {
    push(item) {
      if (size < limit && size === items.length) {
        // Grow lazily: most runs record far fewer than `limit` items.
        const grown = new Array<T | undefined>(Math.min(limit, items.length * 2));
        for (let index = 0; index < size; index += 1) grown[index] = at(index);
        items = grown;
        start = 0;
      }
      if (size < limit) {
        items[(start + size) % items.length] = item;
        size += 1;
      } else {
        items[start] = item;
        start = (start + 1) % items.length;
      }
    },
    toArray() {
      const result = new Array<T>(size);
      for (let index = 0; index < size; index += 1) result[index] = at(index);
      return result;
    },
    last(count) {
      const taken = Math.max(0, Math.min(count, size));
      const result = new Array<T>(taken);
      for (let index = 0; index < taken; index += 1) result[index] = at(size - taken + index);
      return result;
    },
    get size() {
      return size;
    },
    clear() {
      items = new Array<T | undefined>(Math.min(limit, 1024));
      start = 0;
      size = 0;
    },
  };
}
