import { EventEmitter } from "node:events";

/**
 * Stops everything one request started (the upstream call, Akto calls, a stream guard) when the
 * client goes away, a stream is cut, or shutdown runs out of time.
 *
 * It is an `EventEmitter` that undici accepts as a request `signal` directly, and it has the
 * `addEventListener`/`removeEventListener` pair the sdk's Akto calls accept, so no `AbortController`
 * is created per request (they are costly on the hot path); `signal` makes a real one on demand.
 */
export class RequestAbort extends EventEmitter {
  #aborted = false;
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** A standard signal that follows this abort. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  addEventListener(_type: "abort", listener: () => void, options?: { once?: boolean }): void {
    if (options?.once) this.once("abort", listener);
    else this.on("abort", listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    this.off("abort", listener);
  }

  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#controller?.abort();
    this.emit("abort");
  }
}
