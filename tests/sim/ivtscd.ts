/**
 * An IVT solar charge controller on a pty, from the protocol facts of
 * NUT's `ivtscd`: the single byte `F` is answered by one line
 * `R:<volts>;<amps>;<temp>;<volts min>;<volts max>;<amps min>;<amps max>;`
 * + CR LF, numbers with a decimal comma and padded with blanks as the
 * unit does (`- 1,1`); `L` resets the minima and maxima (no answer).
 * Every byte received is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** The controller's readings; tests change them. */
export class IvtModel {
  volts = 12.57;
  amps = 1.1;
  temp = 20;
  voltsMin = 12.57;
  voltsMax = 13.18;
  ampsMin = -2.1;
  ampsMax = 1.5;
  /** When set, the answer (without CR LF) instead of the real one. */
  override: string | null = null;

  /** The line answering `F` (without CR LF). */
  line(): string {
    if (this.override !== null) return this.override;
    const n = (v: number, d: number) => {
      const s = Math.abs(v).toFixed(d).replace(".", ",");
      return `${v < 0 ? "-" : " "}${s.padStart(d ? d + 3 : 2, " ")}`;
    };
    return `R:${n(this.volts, 2)};${n(this.amps, 1)};${n(this.temp, 0)};${
      n(this.voltsMin, 2)
    };${n(this.voltsMax, 2)};${n(this.ampsMin, 1)};${n(this.ampsMax, 1)};`;
  }
}

/** The simulator. */
export class IvtSim extends SerialSim {
  readonly model: IvtModel;
  /** Every byte received. */
  raw = "";

  constructor(model = new IvtModel()) {
    const box: { sim?: IvtSim } = {};
    super((ch) => {
      box.sim!.raw += ch;
      if (ch === "L") {
        model.voltsMin = model.voltsMax = model.volts;
        model.ampsMin = model.ampsMax = model.amps;
      }
      return ch === "F" ? `${model.line()}\r\n` : null;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
