/**
 * The byte level of the APC Smart protocol as NUT's apcsmart reads it:
 * replies end with LF (CR ignored), alert characters may arrive at any time
 * and are handled or ignored depending on what is being read, `*` can stand
 * for `OK` after a shutdown command, and some commands are sent twice or
 * with their argument paced after a pause.
 *
 * @module
 */
import type { Logger } from "../../src/log.ts";
import type { LineTransport } from "../../src/transport/mod.ts";

/** Read flags (SER_* of apcsmart.h). */
export const SER = {
  /** no wait (flushes) */
  D0: 0x001,
  /** 200 ms */
  DX: 0x002,
  /** 1.5 s */
  D1: 0x004,
  /** 3 s (default) */
  D3: 0x008,
  /** alert aware: alerts are handled */
  AA: 0x010,
  /** capability string ignore set, 6 s */
  CC: 0x020,
  /** command set: nothing ignored, 6 s */
  CS: 0x040,
  /** a timeout is not an error */
  TO: 0x080,
  /** `*` means OK */
  HA: 0x100,
} as const;

const ENDCHAR = 0x0a;
const IGN_AACHARS = "\r|&";
/** Alert characters handled in alert-aware reads. */
export const ALERT_CHARS = "$!%+#?=";
const IGN_CHARS = IGN_AACHARS + ALERT_CHARS;
const IGN_CCCHARS = "\r|&$!%+?=";

/** A read: `n` < 0 error, 0 timeout/nothing, else the length of `text`. */
export interface ApcReadResult {
  n: number;
  text: string;
}

/** The serial link to an APC Smart unit. */
export class ApcLink {
  port: LineTransport | undefined;
  /** Set when the port itself failed (unplugged adapter, EIO). */
  lost = false;
  /** Called for each alert character seen by an alert-aware read. */
  onAlert: (ch: string) => void = () => {};
  #pending: number[] = [];
  #log: Logger;
  #failed = false;
  #failCount = 0;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** ser_comm_fail: logged on the first failure, then throttled. */
  commFail(reason: string): void {
    this.#failCount++;
    if (!this.#failed) {
      this.#log.warn(`Communications with UPS lost: ${reason}`);
      this.#failed = true;
    } else if (this.#failCount % 100 === 0) {
      this.#log.warn(`Warning: excessive comm failures, ${reason}`);
    }
  }

  /** ser_comm_good. */
  commGood(): void {
    this.#failCount = 0;
    if (!this.#failed) return;
    this.#log.notice("Communications with UPS re-established");
    this.#failed = false;
  }

  async #rawRead(timeoutMs: number): Promise<number[] | null> {
    if (this.#pending.length) return this.#pending.splice(0);
    if (!this.port) return null;
    try {
      return [...await this.port.read(timeoutMs, 512)];
    } catch (e) {
      this.lost = true;
      this.commFail(
        `serial port read error: ${e instanceof Error ? e.message : e}`,
      );
      return null;
    }
  }

  /**
   * apc_read: one reply line under the ignore/alert sets `flags` select;
   * `sets` replaces them (apcsmart-old's own sets; `*` is then kept).
   */
  async read(
    flags: number,
    sets?: { ignore: string; alert: string },
  ): Promise<ApcReadResult> {
    if (!this.port) return { n: 0, text: "" };
    let ms = 3000;
    if (flags & SER.D0) ms = 0;
    if (flags & SER.DX) ms = 200;
    if (flags & SER.D1) ms = 1500;
    if (flags & SER.D3) ms = 3000;
    let iset = IGN_CHARS, aset = "";
    if (flags & SER.AA) [iset, aset] = [IGN_AACHARS, ALERT_CHARS];
    if (flags & SER.CC) [iset, aset, ms] = [IGN_CCCHARS, "", 6000];
    if (flags & SER.CS) [iset, aset, ms] = ["", "", 6000];
    if (sets) [iset, aset] = [sets.ignore, sets.alert];
    const star = sets ? iset.includes("*") : true;
    const end = Date.now() + ms;
    let text = "";
    while (text.length < 511) {
      const got = await this.#rawRead(Math.max(0, end - Date.now()));
      if (got === null) return { n: -1, text };
      if (got.length === 0) {
        if (text.length && ms > 0) {
          this.commFail("serial port partial timeout");
          return { n: -1, text };
        }
        // a flush drops a partial line (NUT's canonical mode never shows one)
        if (!(flags & SER.TO)) this.commFail("serial port read timeout");
        return { n: 0, text: "" };
      }
      for (let i = 0; i < got.length; i++) {
        const b = got[i]!;
        const ch = String.fromCharCode(b);
        if (b === ENDCHAR) {
          this.#pending.unshift(...got.slice(i + 1));
          this.commGood();
          return { n: text.length, text };
        }
        if ((flags & SER.HA) && ch === "*") {
          // '*' is the old units' OK; drain what may follow it
          this.#pending.length = 0;
          await this.port.read(1000).catch(() => new Uint8Array());
          this.commGood();
          return { n: 2, text: "OK" };
        }
        // CR is dropped as NUT's IGNCR tty setting does
        if (b === 0x0d || iset.includes(ch) || (star && ch === "*")) continue;
        if (aset.includes(ch)) {
          this.onAlert(ch);
          continue;
        }
        text += ch;
      }
    }
    this.commGood();
    return { n: text.length, text };
  }

  /** apc_write: one character; returns 1, or <= 0 on failure. */
  async write(code: string): Promise<number> {
    if (!this.port) return 0;
    try {
      await this.port.write(code);
      return 1;
    } catch (e) {
      this.lost = true;
      this.commFail(
        `serial port write error: ${e instanceof Error ? e.message : e}`,
      );
      return -1;
    }
  }

  /**
   * apc_write_long: the first character, a 200 ms peek (any answer means
   * the UPS refused it), then the rest paced 50 ms a character.
   */
  async writeLong(code: string): Promise<number> {
    const r = await this.write(code[0]!);
    if (r !== 1) return r;
    const peek = await this.read(SER.DX | SER.TO);
    if (peek.n) return -1;
    for (const ch of code.slice(1)) {
      await sleep(50);
      if (await this.write(ch) !== 1) {
        this.commFail("serial port write error");
        return -1;
      }
    }
    return code.length;
  }

  /** apc_write_rep: the character, a 200 ms peek, 1.3 s, the character again. */
  async writeRep(code: string): Promise<number> {
    const r = await this.write(code);
    if (r !== 1) return r;
    const peek = await this.read(SER.DX | SER.TO);
    if (peek.n) return -1;
    await sleep(1300);
    const r2 = await this.write(code);
    return r2 >= 0 ? r2 + 1 : r2;
  }

  /** apc_flush: alert-aware drains pending lines; otherwise discards input. */
  async flush(flags: number): Promise<void> {
    if (flags & SER.AA) {
      while ((await this.read(SER.D0 | SER.TO | SER.AA)).n > 0) { /* drain */ }
      return;
    }
    this.#pending.length = 0;
    await this.port?.flush().catch(() => {});
  }

  /** Drops buffered input (after the port is replaced). */
  reset(): void {
    this.#pending.length = 0;
  }
}

/** A pause. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
