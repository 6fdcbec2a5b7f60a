/**
 * A Bicker UPSIC supercapacitor DC UPS on a pty, from the protocol facts
 * in NUT master's bicker_ser.c: packets `01 size index cmd data 04` both
 * ways (size = 3 + data length, little-endian data). Index 0x01 answers
 * values (0x40 status flags, 0x41..0x45 mV/mA, 0x46 signed mA, 0x47
 * charge, 0x48 health, 0x4A kelvin) and strings (0x60..0x64); 0x07 gets
 * or sets (enabled, value) a parameter and answers it (id, min, max,
 * standard, enabled, value); 03/32 shuts down and answers 0xE0. Anything
 * else gets `01 03 EE 07 04` (not supported). Every packet is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states: status flags, charge %, battery current mA. */
export const BICKER_STATES = {
  charging: [0x0d, 85, 150],
  battery: [0x0a, 85, -320],
  low: [0x0a, 15, -320],
  overcurrent: [0x2c, 85, 0],
} as const;
/** A state name. */
export type BickerState = keyof typeof BICKER_STATES;

/** A parameter: min, max, standard, enabled, value. */
export type Param = [number, number, number, number, number];

/** The unit; tests change fields. */
export class BickerModel {
  state: BickerState = "charging";
  /** Temperature and health can be left unsupported. */
  temperature: number | null = 298;
  readonly params = new Map<number, Param>([
    [0x01, [0, 1000, 0, 0, 0]],
    [0x02, [1, 3600, 60, 1, 120]],
    [0x03, [0, 3600, 30, 1, 30]],
    [0x04, [0, 3600, 10, 1, 10]],
    [0x05, [0, 100, 50, 1, 50]],
    [0x06, [0, 3600, 0, 0, 0]],
    [0x07, [0, 100, 20, 1, 25]],
    [0x08, [0xffff, 0xffff, 5, 1, 10]],
    [0x09, [0, 3, 0, 1, 1]],
  ]);
  readonly strings = new Map<number, string>([
    [0x60, "BICKER"],
    [0x61, "1234567"],
    [0x62, "UPSIC-2403D"],
    [0x63, "1.3"],
    [0x64, "BP2.0-0096\x00junk"],
  ]);
  /** Delays of the shutdowns received. */
  readonly shutdowns: number[] = [];

  /** The answer packet to one request. */
  answer(idx: number, cmd: number, data: number[]): number[] {
    const pkt = (d: number[]) => [0x01, 3 + d.length, idx, cmd, ...d, 0x04];
    const word = (v: number) => [v & 0xff, (v >> 8) & 0xff];
    const [flags, charge, current] = BICKER_STATES[this.state];
    if (idx === 0x01) {
      const words: Record<number, number | null> = {
        0x41: 24123,
        0x42: this.state === "charging" ? 1250 : 0,
        0x43: 24005,
        0x44: 980,
        0x45: 10512,
        0x46: current & 0xffff,
        0x4a: this.temperature,
      };
      if (cmd in words && words[cmd] !== null) return pkt(word(words[cmd]!));
      if (cmd === 0x40) return pkt([flags]);
      if (cmd === 0x47) return pkt([charge]);
      if (cmd === 0x48) return pkt([97]);
      const s = this.strings.get(cmd);
      if (s !== undefined) return pkt([...s].map((c) => c.charCodeAt(0)));
    }
    if (idx === 0x07 && this.params.has(cmd)) {
      const p = this.params.get(cmd)!;
      if (data.length === 3) {
        p[3] = data[0]!;
        p[4] = data[1]! | (data[2]! << 8);
      }
      return pkt([
        cmd,
        ...word(p[0]),
        ...word(p[1]),
        ...word(p[2]),
        p[3],
        ...word(p[4]),
      ]);
    }
    if (idx === 0x03 && cmd === 0x32 && data.length === 1) {
      this.shutdowns.push(data[0]!);
      return pkt([0xe0]);
    }
    return [0x01, 0x03, 0xee, 0x07, 0x04];
  }
}

/** The simulator. */
export class BickerSim extends SerialSim {
  readonly model: BickerModel;
  /** Every request packet received. */
  readonly packets: number[][] = [];

  constructor(model = new BickerModel()) {
    const box: { sim?: BickerSim } = {};
    let buf: number[] = [];
    super((ch) => {
      buf.push(ch.charCodeAt(0));
      while (buf.length && buf[0] !== 0x01) buf.shift();
      if (buf.length < 2 || buf.length < buf[1]! + 2) return null;
      const p = buf.slice(0, buf[1]! + 2);
      buf = buf.slice(p.length);
      box.sim!.packets.push(p);
      if (p[p.length - 1] !== 0x04) return null;
      const a = model.answer(p[2]!, p[3]!, p.slice(4, p.length - 1));
      return String.fromCharCode(...a);
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
