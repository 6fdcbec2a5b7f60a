/**
 * A Masterguard unit on a pty, from the protocol facts of NUT's legacy
 * `masterguard`: CR-ended queries answered by one CR-ended line. `Q1` is
 * "(" and eight words in 46 characters (input V, fault V, output V, load,
 * Hz, battery V, temperature, flags OB/LB/BOOST first); units with `Q3`
 * answer "(" and twelve words in 70 (id, input V, fault V, output V,
 * output A, Hz, battery V, temperature, runtime, charge, flags, flags 2);
 * `WH` gives a 112-character identity (firmware at 4, name at 16), an
 * older 53-character one (firmware at 0, name at 4) or NAK. Every command
 * is kept.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states. */
export type MgState = "online" | "battery" | "low" | "boost";
/** Identity answers. */
export type MgWho = "new" | "old" | "nak";

/** The unit; tests change fields. */
export class MgModel {
  state: MgState = "online";
  constructor(readonly q3 = true, readonly who: MgWho = "new") {}

  #flags(): string {
    const on = this.state === "battery" || this.state === "low";
    return `${on ? 1 : 0}${this.state === "low" ? 1 : 0}${
      this.state === "boost" ? 1 : 0
    }00000`;
  }

  /** The answer to `cmd`, or null. */
  answer(cmd: string): string | null {
    const on = this.state === "battery" || this.state === "low";
    const vin = on ? "000.0" : this.state === "boost" ? "196.0" : "230.0";
    switch (cmd) {
      case "Q1": {
        const a = `(${vin} 180.0 229.0 042 50.0 2.27 31.0 ${this.#flags()}`;
        if (a.length !== 46) throw new Error(`Q1 length ${a.length}`);
        return a;
      }
      case "Q3": {
        if (!this.q3) return "NAK";
        const a = `(001 ${vin} 180.0 229.0 002.1 50.0 2.27 31.0 ${
          on ? "0012" : "0045"
        } ${on ? "067" : "100"} ${this.#flags()} 00000000`;
        if (a.length !== 70) throw new Error(`Q3 length ${a.length}`);
        return a;
      }
      case "WH":
        if (this.who === "nak") return "NAK";
        if (this.who === "old") {
          return "1.23" + "MG-OLD 1000 " + "x".repeat(53 - 16);
        }
        return "0001" + "02.07" + "       " +
          "MASTERGUARD A1000             " + "-".repeat(112 - 46);
      default:
        return null;
    }
  }
}

/** The simulator. */
export class MgSim extends SerialSim {
  constructor(readonly model = new MgModel()) {
    super((cmd) => {
      const a = model.answer(cmd);
      return a === null ? null : `${a}\r`;
    });
  }
}
