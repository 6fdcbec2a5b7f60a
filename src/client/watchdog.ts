/**
 * Deadlines for a client's operations, one at a time, on one timer. Every
 * connect, write and reply has its own deadline (NUT's 10 s). A fresh
 * AbortSignal.timeout and its listeners per operation cost a cold `upsc`
 * ~0.5 ms of its ~20 (tests/bench/startup.ts), so one timer serves them
 * all: when it fires before the current deadline, it re-arms for the rest.
 * (setTimeout is avoided: a first one costs ~7 ms in Deno 2.9.)
 *
 * @module
 */

/** Runs operations against deadlines, sharing a timer. */
export class Watchdog {
  /** When the running operation must end (performance.now() ms). */
  #due = Infinity;
  /** When the armed timer fires; Infinity when none is armed. */
  #timerDue = Infinity;
  #expire: (() => void) | undefined;
  /** The armed timer's signal, kept referenced until it fires. */
  #timer: AbortSignal | undefined;

  /**
   * Awaits `op`; if it has not settled within `ms`, calls `onExpire` (to
   * close the transport) and rejects with `error()`. `ms` ≤ 0 or not finite:
   * no deadline.
   */
  async run<T>(
    op: Promise<T>,
    ms: number,
    onExpire: () => void,
    error: () => Error,
  ): Promise<T> {
    if (!(ms > 0) || !Number.isFinite(ms)) return await op;
    this.#due = performance.now() + ms;
    if (this.#timerDue > this.#due) this.#arm(ms);
    const expired = new Promise<never>((_, reject) => {
      this.#expire = () => {
        onExpire();
        reject(error());
      };
    });
    op.catch(() => {}); // the losing op rejects once the transport closes
    try {
      return await Promise.race([op, expired]);
    } finally {
      this.#due = Infinity;
      this.#expire = undefined;
    }
  }

  #arm(ms: number): void {
    const fires = performance.now() + ms;
    this.#timerDue = fires;
    // unref'd: a pending deadline never keeps the process alive
    const timer = this.#timer = AbortSignal.timeout(Math.max(1, Math.ceil(ms)));
    timer.addEventListener(
      "abort",
      () => {
        if (this.#timer === timer) this.#timer = undefined;
        if (this.#timerDue !== fires) return; // an earlier timer replaced it
        this.#timerDue = Infinity;
        const left = this.#due - performance.now();
        if (!Number.isFinite(left)) return; // nothing running
        if (left > 0.5) this.#arm(left);
        else this.#expire?.();
      },
      { once: true },
    );
  }
}
