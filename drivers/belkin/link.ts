/**
 * The Belkin Smart protocol's byte level (NUT 2.8.0's `belkin`): a request
 * is `~00` + type (`P` query, `S` control) + three digits of length + a
 * three-letter command + data; an answer is a seven-byte header
 * (`~00D004`) whose last three digits count the payload that follows.
 * Payload fields are separated by `;` and counted from 1. Both Belkin
 * drivers wake the unit's "smart" mode the same way (wakeSmartMode).
 *
 * @module
 */
import type { LineTransport } from "../../src/transport/mod.ts";
import { fromLatin1 } from "../../src/transport/mod.ts";

/** A request frame. */
export function belkinFrame(type: string, cmd: string, data = ""): string {
  return `~00${type}${String(data.length + 3).padStart(3, "0")}${cmd}${data}`;
}

/**
 * get_belkin_field: field `num` of `reply`; when the reply has fewer fields,
 * NUT leaves its buffer as it was, so the previous value (`prev`) stays.
 */
export function belkinField(reply: string, num: number, prev: string): string {
  if (num === 1) return reply.split(";")[0]!;
  let c = 1;
  for (let i = 0; i < reply.length; i++) {
    if (reply[i] === ";") c++;
    if (c === num) return reply.slice(i + 1).split(";")[0]!;
  }
  return prev;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * DTR low and RTS high for a second switch a Belkin unit to its "smart"
 * protocol; then pending input is dropped. A failing ioctl is ignored as
 * NUT ignores it (a pty has no modem lines).
 */
export async function wakeSmartMode(
  line: LineTransport,
  pace = 1,
): Promise<void> {
  await line.setLines({ dtr: false }).catch(() => {});
  await line.setLines({ rts: true }).catch(() => {});
  await sleep(1000 * pace);
  await line.flush();
}

/** One answer: the payload, "" for an empty one, null on failure. */
export interface BelkinReply {
  ok: boolean;
  /** What NUT's buffer holds afterwards (partial bytes on a short body). */
  text: string;
}

/** The link: sends frames and reads answers as NUT does. */
export class BelkinLink {
  #line: LineTransport;
  /** Scales the pauses (tests pass 0). */
  #pace: number;

  constructor(line: LineTransport, pace = 1) {
    this.#line = line;
    this.#pace = pace;
  }

  /** send_belkin_command: flush both ways, then the frame. */
  async send(type: string, cmd: string, data = ""): Promise<void> {
    await this.#line.flush();
    await this.#line.write(belkinFrame(type, cmd, data));
  }

  /** ser_get_buf_len: `n` bytes, each wait up to 2 s; null when short. */
  async #readLen(n: number): Promise<{ got: string; full: boolean }> {
    let got = "";
    while (got.length < n) {
      const b = await this.#line.read(2000 * this.#pace, n - got.length);
      if (!b.length) return { got, full: false };
      got += fromLatin1(b);
    }
    return { got, full: true };
  }

  /**
   * get_belkin_reply (and do_broken_rat with `broken`: firmware 001 says 53
   * bytes and sends 50). `prev` is what the buffer held before.
   */
  async reply(prev: string, broken = false): Promise<BelkinReply> {
    await sleep(25 * this.#pace);
    const head = await this.#readLen(7);
    if (!head.full) return { ok: false, text: prev };
    const m = /^\s*[+-]?\d+/.exec(head.got.slice(4));
    let cnt = m ? parseInt(m[0], 10) : 0;
    if (cnt === 0) return { ok: true, text: "" };
    if (cnt < 0 || cnt > 255) return { ok: false, text: prev };
    await sleep(5 * cnt * this.#pace);
    if (broken && cnt === 53) cnt = 50;
    const body = await this.#readLen(cnt);
    // the buffer is zeroed first: C sees the text up to the first NUL
    const text = body.got.split("\0")[0]!;
    return { ok: body.full, text };
  }
}
