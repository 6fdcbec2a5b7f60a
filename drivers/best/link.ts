/**
 * The byte level every Best Power driver shares, as NUT's serial.c does it:
 * paced sends (one byte, then a pause), single-byte reads, and line reads
 * that end at a given character, skip an ignore set and give nothing when
 * the deadline passes before the end character (the partial line is
 * dropped, as ser_get_line's caller sees it). As in NUT, bytes that follow
 * the end character in the same read(2) are dropped: a real 1200/2400 bps
 * unit sends its lines one at a time, and the simulators pace them so.
 *
 * @module
 */
import type { Logger } from "../../src/log.ts";
import type { LineTransport, SerialSettings } from "../../src/transport/mod.ts";

/** Opens the port (tests pass an in-memory line). */
export type BestPortOpener = (
  path: string,
  settings: SerialSettings,
) => Promise<LineTransport>;

async function openSerialPort(
  path: string,
  settings: SerialSettings,
): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, settings);
}

/** A serial link to a Best Power unit. */
export class BestLink {
  port: LineTransport | null = null;
  #open: BestPortOpener;
  #log: Logger;
  #failures = 0;
  /** Scales every pause (tests pass 0). */
  readonly pace: number;

  constructor(log: Logger, open: BestPortOpener = openSerialPort, pace = 1) {
    this.#log = log;
    this.#open = open;
    this.pace = pace;
  }

  /** ser_open + ser_set_speed (once). */
  async open(path: string, settings: SerialSettings): Promise<void> {
    if (this.port) return;
    this.port = await this.#open(path, settings);
  }

  /** usleep/sleep, scaled by `pace`. */
  sleep(ms: number): Promise<void> {
    const t = ms * this.pace;
    return t > 0 ? new Promise((r) => setTimeout(r, t)) : Promise.resolve();
  }

  /** ser_send: every byte at once. */
  async send(text: string): Promise<void> {
    await this.port!.write(text);
  }

  /** ser_send_pace: one byte, then `delayMs`. */
  async sendPace(text: string, delayMs: number): Promise<void> {
    for (const c of text) {
      await this.port!.write(c);
      await this.sleep(delayMs);
    }
  }

  /** ser_get_char: one byte (read alone) within `timeoutMs`, or null. */
  async getChar(timeoutMs: number): Promise<string | null> {
    const got = await this.port!.read(Math.max(1, timeoutMs), 1);
    return got.length ? String.fromCharCode(got[0]!) : null;
  }

  /**
   * ser_get_line: characters up to `end` (not included), `ignore` skipped,
   * at most `max`; null when a wait of `timeoutMs` for the next bytes ends
   * with nothing (a partial line is lost, as in NUT). Reads take up to 64
   * bytes and what follows `end` in the same read is dropped, as NUT does.
   */
  async getLine(
    end: string,
    ignore: string,
    timeoutMs: number,
    max = 255,
  ): Promise<string | null> {
    let s = "";
    while (s.length < max) {
      const got = await this.port!.read(Math.max(1, timeoutMs), 64);
      if (!got.length) return null;
      for (const b of got) {
        const c = String.fromCharCode(b);
        if (s.length === max || c === end) return s;
        if (ignore.includes(c)) continue;
        s += c;
      }
    }
    return s;
  }

  /** ser_flush_in: drops queued input; the count of bytes not in `ignore`. */
  async flushIn(ignore = ""): Promise<number> {
    let n = 0;
    while (true) {
      const got = await this.port!.read(1, 256);
      if (!got.length) return n;
      for (const b of got) if (!ignore.includes(String.fromCharCode(b))) n++;
    }
  }

  /** ser_comm_fail: logged, then only every tenth time past ten. */
  commFail(why: string): void {
    this.#failures++;
    if (this.#failures === 10 || this.#failures % 100 === 0) {
      this.#log.warn(
        "Warning: excessive comm failures, limiting error reporting",
      );
    }
    if (this.#failures > 10 && this.#failures % 10 !== 0) return;
    this.#log.warn(`Communications with UPS lost: ${why}`);
  }

  /** ser_comm_good. */
  commGood(): void {
    if (this.#failures === 0) return;
    this.#log.notice("Communications with UPS re-established");
    this.#failures = 0;
  }

  /** ser_close. */
  close(): void {
    this.port?.close();
    this.port = null;
  }
}
