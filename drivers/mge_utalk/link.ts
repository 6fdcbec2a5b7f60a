/**
 * The U-Talk byte level (NUT 2.8.0's mge_command): half a second of quiet,
 * pending input dropped, the command and CR LF, then one CR-ended answer
 * (LF and CR ignored) read with 3 s per read. A read that times out counts
 * as nothing received, but keeps what did arrive (NUT's buffer does, and
 * the status parsers look at it).
 *
 * @module
 */
import type { LineTransport } from "../../src/transport/mod.ts";

/** Pauses of the protocol in ms (tests shrink them). */
export interface UtalkTiming {
  /** Before every command (the U-Talk timing rule). */
  gap: number;
  /** After enabling or before disabling communication. */
  connect: number;
  /** One read of an answer. */
  read: number;
}

/** NUT's pauses. */
export const NUT_TIMING: UtalkTiming = { gap: 500, connect: 500, read: 3000 };

/** An answer: `n` characters received (0 on timeout, -1 on a write error) and the text kept. */
export interface UtalkReply {
  n: number;
  text: string;
}

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();

/** The command channel of one unit. */
export class UtalkLink {
  #line: LineTransport;
  #t: UtalkTiming;
  constructor(line: LineTransport, timing: UtalkTiming) {
    this.#line = line;
    this.#t = timing;
  }

  /** The transport (closed by the driver). */
  get line(): LineTransport {
    return this.#line;
  }

  /** Sends `cmd`; reads an answer of at most `size - 1` characters when `size` is given. */
  async command(cmd: string, size?: number): Promise<UtalkReply> {
    await sleep(this.#t.gap);
    try {
      await this.#line.flush();
      await this.#line.write(`${cmd}\r\n`);
    } catch {
      return { n: -1, text: "" };
    }
    if (size === undefined) return { n: 0, text: "" };
    await sleep(1);
    return await this.#readLine(size - 1);
  }

  async #readLine(max: number): Promise<UtalkReply> {
    let text = "";
    while (text.length < max) {
      let got: Uint8Array;
      try {
        got = await this.#line.read(this.#t.read, 64);
      } catch {
        return { n: -1, text };
      }
      if (!got.length) return { n: 0, text };
      for (const b of got) {
        if (text.length === max || b === 13) return { n: text.length, text };
        if (b === 10) continue;
        text += String.fromCharCode(b);
      }
    }
    return { n: text.length, text };
  }

  /** ser_flush_in: drops pending input. */
  async drain(): Promise<void> {
    try {
      await this.#line.flush();
    } catch { /* closed */ }
  }

  /** A pause of the connect length. */
  pause(): Promise<void> {
    return sleep(this.#t.connect);
  }
}
