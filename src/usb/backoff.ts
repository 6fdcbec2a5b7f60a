/**
 * Reconnect pacing for USB drivers: after a failed reopen the next attempt
 * waits twice as long (up to a ceiling), so a missing device is not
 * re-enumerated on every poll; a success resets the delay.
 *
 * @module
 */

/** Exponential back-off between reconnect attempts. */
export class Backoff {
  readonly minMs: number;
  readonly maxMs: number;
  #delay = 0;
  #next = 0;
  #now: () => number;

  constructor(minMs = 1000, maxMs = 30_000, now: () => number = Date.now) {
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.#now = now;
  }

  /** True when an attempt may be made now. */
  ready(): boolean {
    return this.#now() >= this.#next;
  }

  /** Records a failed attempt: the next one waits longer. */
  failed(): void {
    this.#delay = this.#delay
      ? Math.min(this.maxMs, this.#delay * 2)
      : this.minMs;
    this.#next = this.#now() + this.#delay;
  }

  /** Records a success: the next failure starts from the minimum again. */
  succeeded(): void {
    this.#delay = 0;
    this.#next = 0;
  }

  /** The wait that the last failure set (0 after a success). */
  get delayMs(): number {
    return this.#delay;
  }
}
