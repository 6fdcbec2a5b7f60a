/**
 * A Ragtech Easy Pro (family 10) on a pty, from the protocol facts of NUT
 * master's ragtech.c: a flat register space read with `AA 04 hi lo count
 * check` (answer: AA then the registers) and changed with `AA 01|02|03 hi
 * lo value check` (write, AND, OR; no answer). The wake-up frame `FF FE
 * 00 8E 01 8F` is answered with 0xCA. Main range 0x80..0x9D: 0x80 flags
 * (bit 0 autostart), 0x87 charge (raw/2.55 %), 0x8A battery V, 0x8B input
 * V (x1.06), 0x8C output current, 0x8E temperature, 0x90 status (0x01 no
 * battery, 0x02 old battery, 0x04 self test, 0x40 on battery), 0x91 faults
 * (0x01 low battery, 0x02 overtemperature, 0x08 overload, 0x40 inverter,
 * 0x80 short circuit), 0x97 output frequency count, 0x98 shutdown timer,
 * 0x9A model id, 0x9B firmware x10, 0x9D output V; 0xF3 current
 * calibration; 0x202/0x203 the 53 Hz / 57 Hz oscillator counts.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states: [status 0x90, faults 0x91]. */
export const RAGTECH_STATES = {
  online: [0x00, 0x00],
  battery: [0x40, 0x00],
  low: [0x40, 0x01],
  hot: [0x00, 0x02],
  oldbattery: [0x02, 0x08],
  test: [0x04, 0x00],
} as const;
/** A state name. */
export type RagtechState = keyof typeof RAGTECH_STATES;

/** The unit's registers; tests change them. */
export class RagtechModelSim {
  readonly regs = new Uint8Array(0x400);
  constructor(modelId = 16) {
    const set = (a: number, v: number) => (this.regs[a] = v);
    set(0x80, 0x01);
    set(0x87, 255);
    set(0x8a, 200);
    set(0x8b, 110);
    set(0x8c, 10);
    set(0x8d, 59);
    set(0x8e, 35);
    set(0x97, 167);
    set(0x9a, modelId);
    set(0x9b, 23);
    set(0x9d, 216);
    set(0xf3, 16);
    set(0x202, 100);
    set(0x203, 140);
  }
  set state(s: RagtechState) {
    [this.regs[0x90], this.regs[0x91]] = RAGTECH_STATES[s];
  }

  /** Handles a 6-byte frame; the answer bytes or null. */
  handle(f: number[]): number[] | null {
    if (f[0] === 0xff) return [0xca];
    const addr = (f[2]! << 8) | f[3]!, v = f[4]!;
    if (((f[2]! + f[3]! + v) & 0xff) !== f[5]) return null;
    switch (f[1]) {
      case 4:
        return [0xaa, ...this.regs.slice(addr, addr + v)];
      case 1:
        this.regs[addr] = v;
        break;
      case 2:
        this.regs[addr]! &= v;
        break;
      case 3:
        this.regs[addr]! |= v;
    }
    return null;
  }
}

/** The simulator. */
export class RagtechSim extends SerialSim {
  readonly model: RagtechModelSim;
  /** Every frame received. */
  readonly frames: number[][] = [];

  constructor(model = new RagtechModelSim()) {
    const box: { sim?: RagtechSim } = {};
    let buf: number[] = [];
    super((ch) => {
      buf.push(ch.charCodeAt(0));
      while (buf.length && buf[0] !== 0xaa && buf[0] !== 0xff) buf.shift();
      if (buf.length < 6) return null;
      const f = buf.slice(0, 6);
      buf = buf.slice(6);
      box.sim!.frames.push(f);
      const a = model.handle(f);
      return a ? String.fromCharCode(...a) : null;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
