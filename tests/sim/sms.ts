/**
 * An SMS Brazil single-phase UPS on a pty, from the protocol facts of NUT
 * master's sms_ser.c and docs/sms-brazil-protocol.txt: 7-byte requests
 * (letter, parameter, 0xFF x3, check, CR); `Q`, `I` and `F` are answered
 * with 18 bytes (type byte, fields, check, CR); other requests (T, L, D, M,
 * R, S, C) change the unit and get no answer. Every request is recorded
 * as bytes (`frames`).
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states and the flags byte each gives. */
export const SMS_FLAGS = {
  online: 0x09, // beeper on, UPS ok
  battery: 0x89, // + on battery
  low: 0x48, // UPS ok, battery low, beeper off
  bypass: 0x29,
  fault: 0x01, // UPS not ok: replace battery
  boost: 0x19,
} as const;
/** A state name. */
export type SmsState = keyof typeof SMS_FLAGS;

/** The unit; tests change fields. */
export class SmsModel {
  state: SmsState = "online";
  /** The identity texts. */
  model = "NET4+1200VA\x00";
  version = "2.1";
  features = "115/220005024" + "60";
  /** Last T/S parameter and the letters of commands received. */
  readonly commands: Array<[string, number]> = [];

  /** The 18-byte answer to a request, or null. */
  answer(cmd: string): number[] | null {
    const frame = (head: string, body: number[]) => {
      const b = [head.charCodeAt(0), ...body];
      const sum = b.reduce((a, x) => a + x, 0);
      return [...b, (-sum) & 0xff, 0x0d];
    };
    const chars = (s: string) => [...s].map((c) => c.charCodeAt(0));
    if (cmd === "I") return frame(";", chars(this.model + this.version));
    if (cmd === "F") return frame(";", chars(this.features));
    if (cmd !== "Q") return null;
    const batt = this.state === "battery";
    const words = [
      0,
      batt ? 0 : 2205,
      batt ? 1150 : 1198,
      355,
      batt ? 600 : 601,
      batt ? 873 : this.state === "low" ? 154 : 1000,
      387,
    ];
    return frame(
      "=",
      [...words.flatMap((w) => [w >> 8, w & 0xff]), SMS_FLAGS[this.state]],
    );
  }
}

/** The simulator. */
export class SmsSim extends SerialSim {
  readonly model: SmsModel;
  /** Every 7-byte request received. */
  readonly frames: number[][] = [];

  constructor(model = new SmsModel()) {
    const box: { sim?: SmsSim } = {};
    let buf: number[] = [];
    super((ch) => {
      buf.push(ch.charCodeAt(0));
      if (buf.length < 7) return null;
      if (buf[6] !== 0x0d) {
        buf.shift(); // out of step: slide until a frame ends with CR
        return null;
      }
      const f = buf;
      buf = [];
      box.sim!.frames.push(f);
      const letter = String.fromCharCode(f[0]!);
      const a = model.answer(letter);
      if (a === null) model.commands.push([letter, f[1]!]);
      return a === null ? null : String.fromCharCode(...a);
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
