/** `T` without `readonly`: for building an object of a readonly type field by field (no spreads on hot paths). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
