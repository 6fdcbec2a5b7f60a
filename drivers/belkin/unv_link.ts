/**
 * The Belkin "Universal UPS" protocol's byte level (NUT 2.8.0's
 * `belkinunv`): a message is 0x7e, an instruction (3 read, 4 write;
 * answers 5 value, 2 written, 1 refused), a size, a register, size-1
 * data bytes and a checksum (the low byte of the sum of all before it).
 * Integers are 1 or 2 bytes, little-endian. Nothing is flushed between
 * requests, as in NUT.
 *
 * @module
 */
import type { LineTransport } from "../../src/transport/mod.ts";

/** Registers. */
export const REG = Object.freeze({
  voltRating: 0x01,
  freqRating: 0x02,
  powerRating: 0x03,
  batVoltRating: 0x04,
  xferLo: 0x06,
  xferLoMax: 0x07,
  xferLoMin: 0x08,
  xferHi: 0x09,
  xferHiMax: 0x0a,
  xferHiMin: 0x0b,
  voltSens: 0x0c,
  upsModel: 0x0d,
  firmware: 0x0f,
  testStatus: 0x10,
  alarmStatus: 0x11,
  shutdownTimer: 0x15,
  restartTimer: 0x16,
  inputVolt: 0x18,
  inputFreq: 0x19,
  temperature: 0x1a,
  outputVolt: 0x1b,
  outputFreq: 0x1c,
  load: 0x1e,
  batVolt: 0x20,
  batLevel: 0x21,
  upsStatus: 0x22,
  batStatus: 0x23,
  timeLeft: 0x3f,
});

/** The longest message NUT accepts. */
const MAXMSGSIZE = 25;

/** A message with its checksum appended. */
export function unvMessage(bytes: number[]): Uint8Array {
  const sum = bytes.reduce((a, b) => a + b, 0) & 0xff;
  return new Uint8Array([...bytes, sum]);
}

/** A read request for `reg`. */
export const unvRead = (reg: number) => unvMessage([0x7e, 0x03, 0x02, reg, 0]);

/** A write request of `val` to `reg`. */
export const unvWrite = (reg: number, val: number) =>
  unvMessage([0x7e, 0x04, 0x03, reg, val & 0xff, (val >> 8) & 0xff]);

/** What went wrong, in NUT's words (null: a good message). */
export type UnvError = string | null;

/** The link. */
export class UnvLink {
  #line: LineTransport;
  #pace: number;
  /** The last error, for the log. */
  error: UnvError = null;

  #standalone: boolean;

  /**
   * `standalone`: the `-x wait` reader (about 1.1 s for a whole read)
   * instead of ser_get_buf_len's 3 s per wait.
   */
  constructor(line: LineTransport, pace = 1, standalone = false) {
    this.#line = line;
    this.#pace = pace;
    this.#standalone = standalone;
  }

  /** `n` bytes, or fewer on timeout. */
  async #read(n: number): Promise<number[]> {
    const out: number[] = [];
    const end = Date.now() + 1100 * this.#pace;
    while (out.length < n) {
      const wait = this.#standalone
        ? Math.max(0, end - Date.now())
        : 3000 * this.#pace;
      const b = await this.#line.read(wait, n - out.length);
      if (!b.length) break;
      out.push(...b);
    }
    return out;
  }

  /** belkin_nut_receive: a well-formed message, or null. */
  async receive(): Promise<number[] | null> {
    const first = await this.#read(1);
    if (!first.length) return this.#fail("No response from UPS");
    if (first[0] !== 0x7e) return this.#fail("Garbage read from UPS");
    const head = await this.#read(3);
    if (head.length !== 3) return this.#fail("Short read from UPS");
    const len = head[1]!;
    if (4 + len > MAXMSGSIZE) return this.#fail("Short read from UPS");
    const rest = await this.#read(len);
    if (rest.length !== len) return this.#fail("Short read from UPS");
    const msg = [0x7e, ...head, ...rest];
    const sum = msg.slice(0, len + 3).reduce((a, b) => a + b, 0) & 0xff;
    if (sum !== msg[len + 3]) return this.#fail("Bad checksum from UPS");
    this.error = null;
    return msg;
  }

  #fail(why: string): null {
    this.error = why;
    return null;
  }

  /** A register's answer (type 5), or null (also for a refusal). */
  async #ask(reg: number): Promise<number[] | null> {
    await this.#line.write(unvRead(reg));
    const m = await this.receive();
    if (!m) return null;
    if ((m[1] !== 0x05 && m[1] !== 0x01) || m[3] !== reg) {
      return this.#fail("Invalid response from UPS");
    }
    return m[1] === 0x01 ? null : m;
  }

  /** belkin_nut_read_int: the value, or -1. */
  async readInt(reg: number): Promise<number> {
    const m = await this.#ask(reg);
    if (!m) return -1;
    const len = m[2]! - 1;
    if (len === 1) return m[4]!;
    if (len === 2) return m[4]! + 256 * m[5]!;
    this.error = "Invalid response from UPS";
    return -1;
  }

  /** belkin_nut_read_str: the text, or null. */
  async readStr(reg: number): Promise<string | null> {
    const m = await this.#ask(reg);
    if (!m) return null;
    if (m[2]! < 1) {
      return this.#fail(
        "Invalid response from UPS: string too short to be true",
      );
    }
    return String.fromCharCode(...m.slice(4, 4 + m[2]! - 1)).split("\0")[0]!;
  }

  /** belkin_nut_write_int: 0, or -1. */
  async writeInt(reg: number, val: number): Promise<number> {
    await this.#line.write(unvWrite(reg, val));
    const m = await this.receive();
    if (!m) return -1;
    if ((m[1] !== 0x02 && m[1] !== 0x01) || m[3] !== reg) {
      this.error = "Invalid response from UPS";
      return -1;
    }
    return m[1] === 0x01 ? -1 : 0;
  }
}
