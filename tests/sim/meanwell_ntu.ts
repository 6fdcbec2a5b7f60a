/**
 * A Mean Well NTU inverter/UPS on a pty, from the protocol facts of NUT
 * master's `meanwell_ntu`: CR-ended commands; `Q` is answered by
 * `(vout step vbat charge temp vin freq unused ppp flags)` where flags are
 * 19 '0'/'1' characters (0 inverter, 1 bypass, 2 utility, 3 charging from
 * utility, 4 from solar, 6 battery low, 13 over temperature, 16 inverter
 * fault); `I` by `#eq float alarm shutdown transfer MFR SERIAL REV:fw
 * MODEL ...`. C… commands switch the load and are not answered. Every
 * command is recorded (`received`), every byte too (`raw`).
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states. */
export type NtuState = "utility" | "battery" | "low" | "bypass" | "hot";

/** The unit's state; tests change fields. */
export class NtuModel {
  state: NtuState = "utility";
  loadOn = true;
  /** Answer to I (null: the unit ignores it). */
  ident: string | null =
    "#00.0 00.0 22.0 20.5 00.0 MEANWELL LOC-0123456789 REV:01.8 NTU-1200-124 1 00/00/0000";

  #bits(): string {
    const b = "0".repeat(19).split("");
    const on = (...i: number[]) => i.forEach((n) => (b[n] = "1"));
    switch (this.state) {
      case "utility":
        on(2, 3);
        break;
      case "battery":
        on(0);
        break;
      case "low":
        on(0, 6);
        break;
      case "bypass":
        on(1, 2);
        break;
      case "hot":
        on(2, 13, 16);
    }
    return b.join("");
  }

  /** The answer to `cmd` (no CR), or null. */
  answer(cmd: string): string | null {
    if (cmd === "I") return this.ident;
    if (cmd === "C100000000000000") this.loadOn = false;
    if (cmd === "C010000000000000") this.loadOn = true;
    if (cmd !== "Q") return null;
    const batt = this.state === "battery" || this.state === "low";
    const vout = this.state === "bypass" ? "000" : "120";
    const freq = batt ? "59.9" : "00.0";
    const vin = batt ? "000" : "118";
    const ppp = this.state === "low" ? "000" : "011";
    return `(${vout} 025 ${this.state === "low" ? "22.3" : "28.8"} ${
      this.state === "low" ? "015" : "100"
    } 19.7 ${vin} ${freq} 000 ${ppp} ${this.#bits()})`;
  }
}

/** The simulator. */
export class NtuSim extends SerialSim {
  readonly model: NtuModel;
  /** Every byte received. */
  raw = "";

  constructor(model = new NtuModel()) {
    const box: { sim?: NtuSim } = {};
    let line = "";
    super((ch) => {
      box.sim!.raw += ch;
      if (ch !== "\r") {
        line += ch;
        return null;
      }
      const cmd = line;
      line = "";
      const a = model.answer(cmd);
      return a === null ? null : `${a}\r`;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
