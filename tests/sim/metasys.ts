/**
 * A Meta System UPS on a pty, from the protocol facts of NUT's `metasys`:
 * packets are STX (0x02), length (data + 1), data, checksum (length +
 * data, mod 256); the answer's first data byte repeats the command. Words
 * and longs are little endian. Answers: 0x00 info (family, version, 2
 * spare, firmware major/minor, 12-character serial), 0x01 output and 0x02
 * input (W, V, A x10, peak A x10; -1 overrange, -2 not available), 0x04
 * battery (V x10, reserve and exhaust thresholds), 0x05 history (total
 * and inverter seconds, inverter interventions, full discharges, bypass
 * interventions, overheatings), 0x08 times on battery (byte 5 auto
 * restart), 0x06 schedule (seconds to shutdown and restart, -1 none), 0x03
 * status (state, fault, temperature + 128). Writes (0x0a, 0x0c, 0x0d,
 * 0x0e) are echoed. Every packet with a good checksum is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** States. */
export type MsState =
  | "online"
  | "battery"
  | "low"
  | "bypass"
  | "overload"
  | "replace"
  | "odd"; // unknown state and fault codes, specials, no temperature

const w = (v: number) => [v & 0xff, (v >> 8) & 0xff];
const l = (v: number) => [...w(v & 0xffff), ...w((v >>> 16) & 0xffff)];

/** The unit; tests change fields. */
export class MsModel {
  state: MsState = "online";
  /** family and version bytes (model code = 10 x family + version) */
  model: [number, number] = [2, 3];
  autorestart = 0;
  /** no shutdown or restart scheduled (-1, -1) */
  noSchedule = false;
  /** the battery test's answer byte */
  testResult = 4;

  answer(data: number[]): number[] | null {
    const s = this.state, odd = s === "odd";
    const onBatt = s === "battery" || s === "low";
    switch (data[0]) {
      case 0x00:
        return [
          0,
          ...this.model,
          0,
          0,
          3,
          14,
          ..."MS2301A00457".split("")
            .map((c) => c.charCodeAt(0)),
        ];
      case 0x01:
        return [
          1,
          ...w(s === "overload" ? 1090 : 412),
          ...w(odd ? -1 : 229),
          ...w(odd ? -2 : 23),
          ...w(odd ? 0 : 61),
        ];
      case 0x02:
        return [
          2,
          ...w(onBatt ? 0 : 455),
          ...w(odd ? -2 : onBatt ? 0 : 231),
          ...w(odd ? -1 : 21),
          ...w(58),
        ];
      case 0x04:
        return [4, ...w(onBatt ? 251 : 273), ...w(236), ...w(210)];
      case 0x05:
        return [
          5,
          ...l(31_536_000 + 3 * 3600 + 125),
          ...l(86_399),
          ...w(17),
          ...w(2),
          ...w(odd ? -2 : 5),
          ...w(odd ? -2 : 0),
        ];
      case 0x08:
        return [8, 0, 0, 0, 0, this.autorestart];
      case 0x06:
        return this.noSchedule
          ? [6, ...l(-1), ...l(-1)]
          : [6, ...l(45), ...l(60)];
      case 0x03:
        return [
          3,
          ({ battery: 1, low: 2, bypass: 3, odd: 9 } as Record<string, number>)[
            s
          ] ?? 0,
          ({ overload: 1, replace: 5, odd: 7 } as Record<string, number>)[s] ??
            0,
          odd ? 128 : 128 + 34,
        ];
      case 0x0e:
        return data[1] === 0 ? [0x0e, this.testResult] : [...data];
      case 0x0a:
      case 0x0c:
      case 0x0d:
        return [...data];
    }
    return null;
  }
}

/** A packet around `data`. */
export function packet(data: number[]): string {
  const len = data.length + 1;
  const sum = data.reduce((a, b) => a + b, len) & 0xff;
  return String.fromCharCode(2, len, ...data, sum);
}

/** The simulator. */
export class MsSim extends SerialSim {
  readonly model: MsModel;
  /** Every good packet's data. */
  readonly packets: number[][] = [];
  /** Bytes that were not part of a packet (the 100 start-up zeros). */
  stray = 0;
  /** The next `drop` answers are swallowed (a unit that misses commands). */
  drop = 0;

  constructor(model = new MsModel()) {
    let buf: number[] = [];
    const box: { sim?: MsSim } = {};
    super((ch) => {
      const sim = box.sim!;
      buf.push(ch.charCodeAt(0));
      if (buf[0] !== 2) {
        buf = [];
        sim.stray++;
        return null;
      }
      if (buf.length < 2 || buf.length < 2 + buf[1]!) return null;
      const p = buf;
      buf = [];
      const data = p.slice(2, -1);
      if ((data.reduce((a, b) => a + b, p[1]!) & 0xff) !== p.at(-1)) {
        return null;
      }
      sim.packets.push(data);
      const a = model.answer(data);
      if (a && sim.drop > 0) {
        sim.drop--;
        return null;
      }
      return a ? packet(a) : null;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
