/**
 * A Best Power / Sola unit speaking the Phoenix protocol on a pty, from the
 * facts of NUT's `bestups`: commands end with CR (a lone CR is ignored),
 * answers are one CR-ended line. `Q1` gives the 46-character status
 * `(iii.i fff.f ooo.o LLL ff.f bb.b tt.t 76543210` (input volts, fault
 * volts, output volts, load %, Hz, battery volts, temperature, status bits:
 * 7 utility failed, 6 battery low, 5 boost/trim (inverted on Patriot Pro),
 * 4 UPS failed, 3 standby, 2 test, 1 shutdown, 0 beeper); `ID` the identity
 * `FOR,750,120,120,20.0,27.6`. `T`, `CT`, `C` and `S..R....` act and are
 * recorded. Every byte is kept in `raw`.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";
import type { CharDevice } from "./best_line.ts";

/** Power states. */
export type PhoenixState = "online" | "battery" | "low" | "boost" | "trim";

/** The unit; tests change fields. */
export class PhoenixModel {
  state: PhoenixState = "online";
  /** The ID answer. */
  id = "FOR,750,120,120,20.0,27.6";
  /** Patriot Pro units flag boost/trim with 0. */
  invertedBypass = false;
  battery = "26.5";
  temperature = "35.0";
  /** Replaces the Q1 answer when set (bad input tests). */
  q1Override: string | null = null;

  /** The Q1 record. */
  q1(): string {
    if (this.q1Override !== null) return this.q1Override;
    const s = this.state;
    const vin = s === "boost" ? "098.0" : s === "trim" ? "138.0" : "120.5";
    const ob = s === "battery" || s === "low";
    const bypass = s === "boost" || s === "trim";
    const bit5 = bypass !== this.invertedBypass ? "1" : "0";
    const bits = `${ob ? 1 : 0}${s === "low" ? 1 : 0}${bit5}00001`;
    const batt = s === "low" ? "21.0" : this.battery;
    return `(${
      ob ? "000.0" : vin
    } 140.0 120.0 034 59.9 ${batt} ${this.temperature} ${bits}`;
  }

  /** The answer to `cmd`, or null. */
  answer(cmd: string): string | null {
    if (cmd === "Q1") return this.q1();
    if (cmd === "ID") return this.id;
    return null;
  }
}

/** The unit at byte level: CR ends a command; `commands` records them. */
export function phoenixDevice(
  model: PhoenixModel,
  commands: string[] = [],
): CharDevice {
  let line = "";
  return (ch) => {
    if (ch !== "\r") {
      line += ch;
      return null;
    }
    const cmd = line;
    line = "";
    if (!cmd) return null;
    commands.push(cmd);
    const a = model.answer(cmd);
    return a === null ? null : `${a}\r`;
  };
}

/** The simulator (byte framing, so `raw` holds every byte sent to it). */
export class PhoenixSim extends SerialSim {
  readonly model: PhoenixModel;
  /** Every byte received. */
  raw = "";
  /** Every non-empty CR-ended command. */
  readonly commands: string[] = [];

  constructor(model = new PhoenixModel()) {
    const box: { sim?: PhoenixSim } = {};
    const commands: string[] = [];
    const dev = phoenixDevice(model, commands);
    super((ch) => {
      box.sim!.raw += ch;
      return dev(ch);
    }, "char");
    box.sim = this;
    this.model = model;
    this.commands = commands;
  }
}
