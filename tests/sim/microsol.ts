/**
 * A Microsol-family unit (APC Back-UPS BR, Solis) on a pty, from the
 * protocol facts of NUT's microsol-common: it streams 25-byte packets
 * (0 model code, 1 output V raw, 2 input V raw, 3 battery V raw, 4
 * temperature (bit 7 negative), 5 output A raw, 6 relays (bits 3 and 5),
 * 7-8 real power raw LE, 9-11 s/min/h, 13-17 schedule, 18 day, 19 month
 * and year-1998, 20 flags (1 220 V out, 2 charging, 4 low battery, 8
 * inverter on, 0x10 overheat, 0x20 on battery, 0x40 220 V in, 0x80
 * overload), 21-22 input period, 23 checksum, 24 0xFE) every `periodMs`.
 * Every byte the driver sends is recorded. Faults: "silent" stops the
 * stream, "garbled" sends noise, "short" cuts each packet, "checksum"
 * spoils the checksum.
 *
 * @module
 */
import { openPty, type Pty } from "../../src/transport/pty.ts";

/** Faults. */
export type MicrosolFault =
  | "none"
  | "silent"
  | "garbled"
  | "short"
  | "checksum";

/** The raw fields of a packet; tests change them. */
export interface MicrosolRaw {
  model: number;
  outV: number;
  inV: number;
  battV: number;
  temp: number;
  outI: number;
  relay: number;
  realPower: number;
  flags: number;
  inPeriod: number;
}

/** Flag bits of byte 20. */
export const MS_FLAG = {
  out220: 0x01,
  charging: 0x02,
  lowBatt: 0x04,
  inverter: 0x08,
  hot: 0x10,
  onBatt: 0x20,
  in220: 0x40,
  over: 0x80,
} as const;

/** The 25-byte packet for `r`. */
export function microsolPacket(r: MicrosolRaw): Uint8Array {
  const p = new Uint8Array(25);
  p[0] = r.model;
  p[1] = r.outV;
  p[2] = r.inV;
  p[3] = r.battV;
  p[4] = r.temp;
  p[5] = r.outI;
  p[6] = r.relay;
  p[7] = r.realPower & 0xff;
  p[8] = r.realPower >> 8;
  p.set([30, 15, 10, 0, 8, 0, 22, 30, 0x7f, 7, 0x3b], 9);
  p[20] = r.flags;
  p[21] = r.inPeriod & 0xff;
  p[22] = r.inPeriod >> 8;
  let sum = 0;
  for (let i = 0; i < 23; i++) sum += p[i]!;
  p[23] = sum % 256;
  p[24] = 0xfe;
  return p;
}

/**
 * A unit that streams a binary packet every `periodMs` (Microsol, Rhino),
 * built from its raw fields; faults change what goes out.
 */
export class StreamSim<R> {
  readonly pty: Pty;
  raw: R;
  fault: MicrosolFault = "none";
  /** Every byte received. */
  readonly received: number[] = [];
  #build: (raw: R) => Uint8Array;
  #running = true;
  #talk: Promise<void>;
  #listen: Promise<void>;

  constructor(raw: R, build: (raw: R) => Uint8Array, readonly periodMs = 150) {
    this.raw = raw;
    this.#build = build;
    this.pty = openPty();
    this.#talk = this.#speak();
    this.#listen = this.#hear();
  }

  /** The port path a driver opens. */
  get path(): string {
    return this.pty.path;
  }

  #frame(): Uint8Array {
    const p = this.#build(this.raw);
    switch (this.fault) {
      case "silent":
        return new Uint8Array();
      case "garbled":
        return new Uint8Array([0x13, 0x37, 0x00, 0xff, 0x42, 0x99, 0x10]);
      case "short":
        return p.slice(0, 11);
      case "checksum":
        p[p.length - 2] = (p[p.length - 2]! + 1) & 0xff;
        return p;
      default:
        return p;
    }
  }

  async #speak(): Promise<void> {
    while (this.#running) {
      const f = this.#frame();
      if (f.length) await this.pty.master.write(f).catch(() => {});
      await new Promise((r) => setTimeout(r, this.periodMs));
    }
  }

  async #hear(): Promise<void> {
    while (this.#running) {
      try {
        this.received.push(...await this.pty.master.read(100));
      } catch {
        if (!this.#running) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** Stops and closes the pty. */
  async close(): Promise<void> {
    this.#running = false;
    this.pty.close(); // a write blocked on a full queue fails now
    await Promise.all([this.#talk, this.#listen]);
  }
}

/** The Microsol simulator (APC BR and Solis defaults: a BZ1500 on line). */
export class MicrosolSim extends StreamSim<MicrosolRaw> {
  constructor(raw: Partial<MicrosolRaw> = {}, periodMs = 150) {
    super(
      {
        model: 190,
        outV: 118,
        inV: 64,
        battV: 170,
        temp: 35,
        outI: 20,
        relay: 0x08,
        realPower: 2600,
        flags: MS_FLAG.inverter | MS_FLAG.charging,
        inPeriod: 0x7a00,
        ...raw,
      },
      microsolPacket,
      periodMs,
    );
  }
}
