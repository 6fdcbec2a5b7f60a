/**
 * Login throttling (beyond NUT, which never limits password guesses):
 * `limit` failed authentications from one address within `windowMs` lock
 * that address out of LOGIN, SET, INSTCMD, FSD and PRIMARY/MASTER (and of
 * reads when they need a login) for `lockMs`. Other addresses are unaffected.
 * The lock is logged once, when it starts.
 *
 * @module
 */
import type { Logger } from "../log.ts";

/** Throttle settings (upsd.conf LOGIN_FAILURE_LIMIT/_WINDOW, LOGIN_LOCKOUT). */
export interface ThrottleSettings {
  /** Failures that trigger a lock; 0 disables throttling. */
  limit: number;
  windowMs: number;
  lockMs: number;
}

/** NUT-free default: 10 failures in 60 s lock the address for 60 s. */
export const DEFAULT_THROTTLE: ThrottleSettings = {
  limit: 10,
  windowMs: 60_000,
  lockMs: 60_000,
};

interface AddrState {
  /** Times of recent failures (ms), oldest first. */
  failures: number[];
  /** Locked until this time (ms); 0 when not locked. */
  lockedUntil: number;
}

/** Cap on tracked addresses; the stalest are dropped beyond it. */
const MAX_ADDRS = 10_000;

/** Per-address failure counter and lock. */
export class LoginThrottle {
  settings: ThrottleSettings;
  #log: Logger;
  #addrs = new Map<string, AddrState>();

  constructor(settings: ThrottleSettings, log: Logger) {
    this.settings = settings;
    this.#log = log;
  }

  /** True while `addr` is locked out. */
  locked(addr: string, now: number): boolean {
    const st = this.#addrs.get(addr);
    if (!st || st.lockedUntil === 0) return false;
    if (now < st.lockedUntil) return true;
    st.lockedUntil = 0; // expired: start counting afresh
    st.failures = [];
    return false;
  }

  /** Records one failed authentication from `addr`. */
  failure(addr: string, now: number): void {
    const { limit, windowMs, lockMs } = this.settings;
    if (limit <= 0) return;
    let st = this.#addrs.get(addr);
    if (!st) {
      if (this.#addrs.size >= MAX_ADDRS) this.#prune(now);
      st = { failures: [], lockedUntil: 0 };
      this.#addrs.set(addr, st);
    }
    if (st.lockedUntil !== 0 && now < st.lockedUntil) return;
    const since = now - windowMs;
    while (st.failures.length && st.failures[0]! <= since) st.failures.shift();
    st.failures.push(now);
    if (st.failures.length >= limit) {
      st.lockedUntil = now + lockMs;
      st.failures = [];
      this.#log.warn(
        `Locking out ${addr} for ${
          lockMs / 1000
        } s after ${limit} failed logins in ${windowMs / 1000} s`,
      );
    }
  }

  /** Number of addresses tracked (for tests). */
  get size(): number {
    return this.#addrs.size;
  }

  #prune(now: number): void {
    for (const [addr, st] of this.#addrs) {
      const last = st.failures.at(-1) ?? 0;
      if (st.lockedUntil <= now && last <= now - this.settings.windowMs) {
        this.#addrs.delete(addr);
      }
    }
    // still full: drop the oldest entries (insertion order)
    for (const addr of this.#addrs.keys()) {
      if (this.#addrs.size < MAX_ADDRS) break;
      this.#addrs.delete(addr);
    }
  }
}
