/**
 * What a caller passes to cancel an Akto call when its own request goes away. A standard
 * `AbortSignal` satisfies it; so does any object with these three members (the proxy passes a
 * lighter per-request object, because creating an `AbortController` per request shows on its hot path).
 */
export interface CallerSignal {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}
