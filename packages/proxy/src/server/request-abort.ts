import { EventEmitter } from "node:events";

/**
 * Stops everything one request started (the upstream call, Akto calls, a stream guard) when the
 * client goes away, a stream is cut, or shutdown runs out of time.
 *
 * It is an `EventEmitter` that undici accepts as a request `signal` directly; a real `AbortSignal`
 * (for the sdk's Akto calls) is only created when asked for, because `AbortController`s are costly
 * on the pass-through fast path.
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

  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#controller?.abort();
    this.emit("abort");
  }
}
