/**
 * A SHUT unit on a pty: a recorded HID device (src/hid/replay.ts format,
 * tests/fixtures/hid/) served over MGE's serial HID protocol, written from
 * the protocol's facts (see drivers/mge_shut/shut.ts): SYNC bytes are
 * echoed, each request packet is ACKed, GET_DESCRIPTOR / GET_REPORT answers
 * go back in RESPONSE packets of at most 8 bytes (the next one after the
 * host's ACK), SET_REPORT replaces the report. The packet code here is
 * separate from the driver's on purpose.
 *
 * @module
 */
import type { Recording } from "../../src/hid/replay.ts";
import { openPty, type Pty } from "../../src/transport/pty.ts";

const ACK = 0x06, NAK = 0x15;

const xor = (d: ArrayLike<number>) => {
  let c = 0;
  for (let i = 0; i < d.length; i++) c ^= d[i]!;
  return c;
};

function stringDesc(text: string): number[] {
  const out = [2 + 2 * text.length, 3];
  for (const ch of text) out.push(ch.charCodeAt(0) & 0xff, 0);
  return out;
}

/** A SHUT unit serving `rec`. */
export class ShutSim {
  readonly pty: Pty;
  readonly reports: Map<number, Uint8Array>;
  /** SET_REPORT payloads (report ID first), in order. */
  readonly writes: string[] = [];
  /** Every request setup received, as hex. */
  readonly requests: string[] = [];
  /** Answer nothing at all. */
  silent = false;
  #rec: Recording;
  #rx: number[] = [];
  #setup: number[] | undefined;
  #out: Uint8Array[] = [];
  #running = true;
  #loop: Promise<void>;

  constructor(rec: Recording) {
    this.#rec = rec;
    this.reports = new Map(rec.reports);
    this.pty = openPty();
    this.#loop = this.#run();
  }

  get path(): string {
    return this.pty.path;
  }

  #deviceDescriptor(): number[] {
    const i = this.#rec.info;
    return [
      18,
      1,
      0x10,
      0x01,
      0,
      0,
      0,
      8,
      i.vendorId & 0xff,
      i.vendorId >> 8,
      i.productId & 0xff,
      i.productId >> 8,
      0x00,
      0x01,
      1,
      2,
      3,
      1,
    ];
  }

  #string(index: number): string | undefined {
    const i = this.#rec.info;
    if (index === 1) return i.vendor;
    if (index === 2) return i.product;
    if (index === 3) return i.serial;
    return this.#rec.strings.get(index);
  }

  /** The answer to an IN request, or undefined (NAK-less silence). */
  #answer(s: number[]): number[] | undefined {
    const [type, req, vlo, vhi, , , llo, lhi] = s;
    const length = llo! | (lhi! << 8);
    let body: number[] | undefined;
    if (req === 6 && vhi === 1) body = this.#deviceDescriptor();
    else if (req === 6 && vhi === 3) {
      const t = vlo === 0 ? undefined : this.#string(vlo!);
      body = vlo === 0
        ? [4, 3, 0x09, 0x04]
        : t === undefined
        ? undefined
        : stringDesc(t);
    } else if (req === 6 && vhi === 0x21 && type === 0x81) {
      const n = this.#rec.descriptor.length;
      body = [9, 0x21, 0x10, 0x01, 0x21, 1, 0x22, n & 0xff, n >> 8];
    } else if (req === 6 && vhi === 0x22 && type === 0x81) {
      body = Array.from(this.#rec.descriptor);
    } else if (type === 0xa1 && req === 1) {
      const r = this.reports.get(vlo!);
      body = r ? Array.from(r) : undefined;
    }
    return body?.slice(0, length);
  }

  /** Splits an answer into RESPONSE packets. */
  #queue(body: number[]): void {
    for (let i = 0; i < body.length || i === 0; i += 8) {
      const chunk = body.slice(i, i + 8);
      const last = i + 8 >= body.length;
      const n = chunk.length;
      this.#out.push(
        Uint8Array.from([
          0x04 | (last ? 0x80 : 0),
          (n << 4) | n,
          ...chunk,
          xor(chunk),
        ]),
      );
    }
  }

  async #write(b: ArrayLike<number>): Promise<void> {
    await this.pty.master.write(Uint8Array.from(b)).catch(() => {});
  }

  /** Handles the bytes received so far; returns when more are needed. */
  async #process(): Promise<void> {
    while (this.#rx.length) {
      const b = this.#rx[0]!;
      if (b === 0x16 || b === 0x17 || b === 0x18) {
        this.#rx.shift();
        this.#out = [];
        await this.#write([b]);
        continue;
      }
      if (b === ACK) {
        this.#rx.shift();
        this.#out.shift();
        if (this.#out.length) await this.#write(this.#out[0]!);
        continue;
      }
      if (b === NAK) {
        this.#rx.shift();
        if (this.#out.length) await this.#write(this.#out[0]!);
        continue;
      }
      if (this.#rx.length < 2) return;
      const n = this.#rx[1]! & 0x0f;
      if (this.#rx.length < n + 3) return;
      const pkt = this.#rx.splice(0, n + 3);
      const data = pkt.slice(2, 2 + n);
      if ((pkt[1]! >> 4) !== n || xor(data) !== pkt[n + 2]) {
        await this.#write([NAK]);
        continue;
      }
      await this.#write([ACK]);
      const last = (pkt[0]! & 0x80) !== 0;
      if (!this.#setup) {
        this.#setup = data;
        this.requests.push(
          data.map((x) => x.toString(16).padStart(2, "0")).join(" "),
        );
        if (data[0] !== 0x21 || last) {
          const setup = this.#setup;
          this.#setup = undefined;
          const body = data[0] === 0x21 ? undefined : this.#answer(setup);
          if (body) {
            this.#queue(body);
            await this.#write(this.#out[0]!);
          }
        }
        continue;
      }
      // the data packet of a SET_REPORT
      const id = this.#setup[2]!;
      this.#setup = undefined;
      const copy = Uint8Array.from(data);
      if (copy.length) copy[0] = id;
      this.reports.set(id, copy);
      this.writes.push(
        Array.from(copy, (x) => x.toString(16).padStart(2, "0")).join(" "),
      );
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let got: Uint8Array;
      try {
        got = await this.pty.master.read(100);
      } catch {
        if (!this.#running) return;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (this.silent) continue;
      this.#rx.push(...got);
      await this.#process();
    }
  }

  async close(): Promise<void> {
    this.#running = false;
    await this.#loop;
    this.pty.close();
  }
}
