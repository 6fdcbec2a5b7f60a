/**
 * A "#" protocol UPS (Atlantis Land A03-S1200 and kin) on a pty, from the
 * protocol facts in NUT master's nutdrv_hashx.c: CR-ended commands, '#'
 * answers. A bare CR gets `#-1`; K19:<id> `#0` (X19 then gives the hash
 * that id maps to); X41/X27/X72 comma lists; `B` the status record with
 * six status bytes (0x80 always set; byte 0: 0x08 test, 0x20 battery
 * critical; byte 1: 0x04 on utility; byte 2: 0x50 both set when charged;
 * byte 4: 0x20 battery low, 0x40 outlets off); K60, A, AH, AU, KA status
 * values; anything else `#-3`. Every byte received is kept (`raw`).
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states (status bytes from the captures NUT's source lists). */
export const HASHX_STATES = {
  full: [0x80, 0x84, 0xd0, 0x80, 0x80, 0xc0],
  charging: [0x80, 0x84, 0x90, 0x80, 0x80, 0xc0],
  battery: [0xc0, 0x83, 0x8c, 0x80, 0x80, 0xc0],
  critical: [0xe0, 0x83, 0x8c, 0x80, 0xa0, 0xc0],
  test: [0x88, 0x80, 0x88, 0x88, 0x80, 0xc0],
  off: [0x80, 0x84, 0x94, 0x80, 0xc0, 0xc0],
} as const;
/** A state name. */
export type HashxState = keyof typeof HASHX_STATES;

/** The unit; tests change fields. */
export class HashxModel {
  state: HashxState = "full";
  session = "";
  beeper = true;
  testing = false;
  /** Replaced answers (e.g. a unit without X27). */
  readonly override = new Map<string, string | null>();
  /** Answers for B while on battery differ. */
  answer(cmd: string): string | null {
    if (this.override.has(cmd)) return this.override.get(cmd)!;
    const ok = "#0";
    if (cmd === "") return "#-1";
    if (cmd.startsWith("K19:")) {
      this.session = cmd.slice(4);
      return this.session.length === 16 ? ok : "#-4";
    }
    switch (cmd) {
      case "X19":
        return this.session === "OoNUTisAMAZINGoO"
          ? "#74279F35A48F5F13"
          : "#0000000000000000";
      case "X41":
        return "#1200,PE02022.002,000000000000,000000000000000000";
      case "X27":
        return "#230,290,162,10,300";
      case "X72":
        return "#1200,0720,230,40,70,05.20";
      case "K60:0":
      case "K60:1":
        this.beeper = cmd.endsWith("1");
        return ok;
      case "A":
      case "AU":
        this.testing = true;
        return ok;
      case "AH":
        // a runtime test is refused while charging
        return this.state === "charging" ? "#-10" : ok;
      case "KA":
        this.testing = false;
        return ok;
      case "B": {
        const batt = this.state === "battery" || this.state === "critical";
        const bytes = String.fromCharCode(...HASHX_STATES[this.state]);
        return `#I${batt ? "000.0" : "239.0"}O237.0L007B${
          this.state === "critical" ? "000" : "100"
        }V27.0F${batt ? "00.0" : "50.1"}H50.1R040S${bytes}`;
      }
    }
    return "#-3";
  }
}

/** The simulator. */
export class HashxSim extends SerialSim {
  readonly model: HashxModel;
  /** Every byte received. */
  raw = "";

  constructor(model = new HashxModel()) {
    const box: { sim?: HashxSim } = {};
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
