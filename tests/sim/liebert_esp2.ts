/**
 * A Liebert ESP-II unit on a pty, from the protocol facts of NUT's
 * `liebert-esp2`: commands are `1, group, n, 1, index, [data...], sum`
 * with n = 2 for reads and 4 for control commands (two data bytes); the
 * sum is the low byte of the sum of the bytes before it. Every command
 * with a good sum is answered by eight bytes `1, group, 3, 1, index, hi,
 * lo, sum` carrying a signed 16-bit word. Groups: 136 identity (1 type
 * word: input phases in bits 0-1, output phases in 4-5, offline 0x1000,
 * interactive 0x2000; 4.. two characters per word, low byte first), 131
 * scaling (index 2: 1 GXT2, 2 NXe), 149 measurements, 161 settings,
 * 144-146 per phase, 148 status words, 156 control. Every command is
 * recorded; `refuse` lists commands left unanswered.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states. */
export type EspState =
  | "online"
  | "battery"
  | "low"
  | "charging"
  | "boost"
  | "trim"
  | "bypass"
  | "overload"
  | "replace";

const IDENT = "GXT2-3000RT230\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" + // 15 words
  "FW 1.21\0\0\0\0\0\0\0\0\0" + // 8
  "0511200123\0\0\0\0\0\0\0\0\0\0" + // 10
  "20051120"; // 4 words, 8 characters: no NUL

/** The unit; tests change fields. */
export class EspModel {
  state: EspState = "online";
  inPhases = 1;
  outPhases = 1;
  /** 0 default factors, 1 GXT2, 2 NXe */
  scaling = 1;
  typeBits = 0;

  #word(group: number, index: number): number | null {
    const s = this.state;
    const onBatt = s === "battery" || s === "low";
    switch (group) {
      case 136:
        if (index === 1) {
          return this.typeBits | (this.outPhases << 4) | this.inPhases;
        }
        if (index >= 4 && index < 4 + IDENT.length / 2) {
          const at = (index - 4) * 2;
          return (IDENT.charCodeAt(at + 1) << 8) | IDENT.charCodeAt(at);
        }
        return null;
      case 131:
        return index === 2 ? this.scaling : null;
      case 149:
        return ({
          1: s === "low" ? 2 : onBatt ? 11 : 37, // minutes
          2: onBatt ? 2513 : 2730, // V x0.1
          3: onBatt ? -842 : s === "charging" ? 125 : 3, // A x0.01
          5: 1650,
          6: 1720,
          7: s === "overload" ? 108 : 57,
          8: onBatt ? 0 : 5025, // an exact tie at x0.01
          9: 500,
          10: 499,
          12: 285,
          14: 312,
        } as Record<number, number>)[index] ?? null;
      case 161:
        return ({ 4: 3, 8: 3000, 9: 500, 10: 500, 13: 720, 14: 2 } as Record<
          number,
          number
        >)[index] ?? null;
      case 144:
      case 145:
      case 146: {
        const ph = group - 144;
        return ({
          1: onBatt ? 0 : 2291 + ph,
          2: 84 + ph,
          3: 2300 - ph,
          4: 71 + ph,
          5: 2287,
          6: 3,
          14: 14,
          21: 550 + ph,
          22: 575 + ph,
          24: 19 + ph,
        } as Record<number, number>)[index] ?? null;
      }
      case 148:
        if (index === 1) return onBatt ? 0x100 : 0x0e;
        if (index === 2) {
          return (s === "bypass" ? 1 : 0) | (s === "replace" ? 0x20 : 0) |
            (s === "boost" ? 0x40 : 0) | (s === "trim" ? 0x200 : 0) | 0x02;
        }
        if (index === 3) {
          return (s === "overload" ? 1 : 0) | (s === "low" ? 0x20 : 0);
        }
        return null;
      case 156:
        return 0;
    }
    return null;
  }

  /** The eight-byte answer to a command, or null. */
  answer(cmd: number[]): number[] | null {
    const w = this.#word(cmd[1]!, cmd[4]!);
    if (w === null) return null;
    const r = [1, cmd[1]!, 3, 1, cmd[4]!, (w >> 8) & 0xff, w & 0xff];
    return [...r, r.reduce((a, b) => a + b, 0) & 0xff];
  }
}

/** The simulator. */
export class EspSim extends SerialSim {
  readonly model: EspModel;
  /** Every command with a good sum, as byte arrays. */
  readonly commands: number[][] = [];
  /** Commands (hex) not to answer. */
  refuse = new Set<string>();

  constructor(model = new EspModel()) {
    let buf: number[] = [];
    const box: { sim?: EspSim } = {};
    super((ch) => {
      buf.push(ch.charCodeAt(0));
      if (buf[0] !== 1) {
        buf = [];
        return null;
      }
      if (buf.length < 3 || buf.length < 4 + buf[2]!) return null;
      const cmd = buf;
      buf = [];
      const sum = cmd.slice(0, -1).reduce((a, b) => a + b, 0) & 0xff;
      if (sum !== cmd[cmd.length - 1]) return null;
      const sim = box.sim!;
      sim.commands.push(cmd);
      if (sim.refuse.has(hex(cmd))) return null;
      const a = model.answer(cmd);
      return a ? String.fromCharCode(...a) : null;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}

/** Bytes as space-separated decimals. */
export function hex(bytes: readonly number[]): string {
  return bytes.join(" ");
}
