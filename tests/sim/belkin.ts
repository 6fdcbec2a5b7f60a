/**
 * A Belkin Smart protocol unit on a pty, from the protocol facts of NUT's
 * `belkin`: requests are `~00` + `P` (query) or `S` (control) + three
 * digits of length + a three-letter command + data; a query is answered by
 * `~00D` + three digits of length + `;`-separated fields (counted from 1):
 * `STA` 2 on battery, 6 output off, 16 beeper; `STB` 2 low battery, 7
 * volts/10, 9 temperature, 10 charge; `STI` 2 Hz/10, 3 volts/10; `STO` 2
 * Hz/10, 4 volts/10, 7 load; `TSR` 1 test result; `RAT` 8 and 9 the
 * transfer points before NUT's 0.88 factor. Firmware 001 announces 53
 * bytes of `RAT` and sends 50. Controls get no answer. Every request is
 * recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states. */
export type BelkinState = "online" | "battery" | "low" | "off";

/** The unit's state; tests change fields. */
export class BelkinModel {
  state: BelkinState = "online";
  model = "F6C1400-EUR";
  firmware = "003";
  beeper = "1";
  test = "1";
  /** Answers every query with an empty payload (`~00D000`). */
  empty = false;
  /** `STA` stops after field 6 (NUT then reuses the field read before). */
  shortStatus = false;

  /** The payload answering `cmd`, or null (no answer). */
  answer(cmd: string): string | null {
    const batt = this.state === "battery" || this.state === "low";
    const f = (...v: Array<string | number>) => v.join(";");
    switch (cmd) {
      case "MNU":
        return "BELKIN";
      case "MOD":
        return this.model;
      case "VER":
        return this.firmware;
      case "RAT": {
        const r = f(1400, 840, 230, 50, 12, 48, 5, 177, 281, "F6C");
        // firmware 001: 50 bytes of a record it says has 53
        return this.firmware === "001" ? r.padEnd(50, "0") : r;
      }
      case "STA": {
        const all = [
          0,
          batt ? 1 : 0,
          0,
          0,
          0,
          this.state === "off" ? 1 : 0,
          ...Array(9).fill(0),
          this.beeper,
        ];
        return f(...(this.shortStatus ? all.slice(0, 6) : all));
      }
      case "STB":
        return f(
          0,
          this.state === "low" ? 1 : 0,
          0,
          0,
          0,
          0,
          this.state === "low" ? 233 : 272,
          0,
          31,
          this.state === "low" ? 15 : batt ? 64 : 100,
        );
      case "STI":
        return batt ? f(0, 0, 0) : f(0, 499, 2297, 0);
      case "STO":
        return f(0, 500, 0, 2301, 0, 0, this.state === "off" ? 0 : 37);
      case "TSR":
        return this.test;
      default:
        return null;
    }
  }
}

/** The simulator. */
export class BelkinSim extends SerialSim {
  readonly model: BelkinModel;
  /** Every byte received. */
  raw = "";
  /** Every request as `P:MNU` or `S:SDT2`. */
  readonly requests: string[] = [];

  constructor(model = new BelkinModel()) {
    let buf = "";
    const box: { sim?: BelkinSim } = {};
    super((ch) => {
      const sim = box.sim!;
      sim.raw += ch;
      buf += ch;
      const start = buf.indexOf("~00");
      if (start < 0) {
        buf = buf.slice(-2);
        return null;
      }
      buf = buf.slice(start);
      if (buf.length < 7) return null;
      const len = parseInt(buf.slice(4, 7), 10);
      if (!(len >= 3)) {
        buf = buf.slice(1);
        return null;
      }
      if (buf.length < 7 + len) return null;
      const type = buf[3]!, body = buf.slice(7, 7 + len);
      buf = buf.slice(7 + len);
      sim.requests.push(`${type}:${body}`);
      if (type !== "P" || model.empty) {
        return type === "P" ? "~00D000" : null;
      }
      const a = model.answer(body);
      if (a === null) return null;
      const n = model.firmware === "001" && body === "RAT" ? 53 : a.length;
      return `~00D${String(n).padStart(3, "0")}${a}`;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
