/**
 * A Tripp Lite SmartOnline unit on a pty, from the protocol facts of NUT's
 * `tripplitesu`: requests are `~00` + P or S + a three-digit length + a
 * three-letter command and parameters, without terminator; polls answer
 * `~00D` + a three-digit count + `;`-separated fields (strings padded with
 * spaces), SETs `~00A`, unknown requests `~00R`. Every request is kept as
 * "P:STO" or "S:SDA 5".
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states. */
export type SuState =
  | "online"
  | "battery"
  | "low"
  | "boost"
  | "bypass"
  | "over";

/** The unit; tests change fields. */
export class SuModel {
  state: SuState = "online";
  /** Answers ENV (environment probe fitted). */
  env = true;
  /** Garbles the first AVL answer (a firmware bug NUT works around). */
  garbleFirstAvl = false;
  arb = "2";
  uid = "UPS01";
  txv = [100, 140];
  vsn = 0;
  /** RAT fields (9/10: low transfer max/min, 11/12: high transfer max/min). */
  rat = "120;60;120;60;1000;700;8;3;11;106;96;144;134;60;48";

  #data(cmd: string): string | null {
    const s = this.state, onBatt = s === "battery" || s === "low";
    switch (cmd) {
      case "AVL":
        if (this.garbleFirstAvl) {
          this.garbleFirstAvl = false;
          return null;
        }
        return "000000000011111111";
      case "MNU":
        return "Tripp Lite      ";
      case "MOD":
        return "SU1000RT2U  ";
      case "VER":
        return "FW-2210 ";
      case "RAT":
        return this.rat;
      case "LET":
        return "2";
      case "UID":
        return this.uid.padEnd(8, " ");
      case "TXV":
        return `${this.txv[0]};${this.txv[1]}`;
      case "VSN":
        return String(this.vsn);
      case "ARB":
        return this.arb;
      case "STO": {
        const code =
          { online: 0, battery: 1, low: 1, boost: 4, bypass: 2, over: 0 }[s];
        return `${code};600;1;${onBatt ? 1199 : 1200};52;500;${
          s === "over" ? 112 : 42
        }`;
      }
      case "STB":
        return `0;${s === "low" ? 1 : 0};0;0;0;0;${onBatt ? 512 : 546};${
          onBatt ? -31 : 5
        };25;${s === "low" ? 18 : onBatt ? 67 : 100}`;
      case "STA":
        return `0;0;0;${s === "over" ? 1 : 0}`;
      case "STI":
        return `1;${onBatt ? 0 : 600};${
          onBatt ? 0 : s === "boost" ? 1012 : 1190
        }`;
      case "TSR":
        return "1";
      case "ENV":
        return this.env ? "24;41;0;1;;1" : null;
    }
    return null;
  }

  /** The answer to one request. */
  answer(type: string, cmd: string, params: string): string {
    if (type === "S") {
      if (cmd === "ARB") this.arb = params;
      if (cmd === "UID") this.uid = params;
      if (cmd === "TXV") this.txv = params.split(";").map(Number);
      if (cmd === "VSN") this.vsn = Number(params);
      return "~00A";
    }
    const d = this.#data(cmd);
    return d === null ? "~00R" : `~00D${String(d.length).padStart(3, "0")}${d}`;
  }
}

/** The simulator: parses frames from the byte stream. */
export class SuSim extends SerialSim {
  readonly requests: string[] = [];
  constructor(readonly model = new SuModel()) {
    let buf = "";
    const box: { sim?: SuSim } = {};
    super((c) => {
      buf += c;
      if (!"~00".startsWith(buf.slice(0, 3)) && buf.length <= 3) buf = "";
      if (buf.length < 7 || !buf.startsWith("~00")) {
        if (buf.length >= 3 && !buf.startsWith("~00")) buf = buf.slice(1);
        return null;
      }
      const len = Number(buf.slice(4, 7));
      if (buf.length < 7 + len) return null;
      const type = buf[3]!, body = buf.slice(7, 7 + len);
      buf = "";
      const cmd = body.slice(0, 3), params = body.slice(3);
      box.sim!.requests.push(
        params ? `${type}:${cmd} ${params}` : `${type}:${cmd}`,
      );
      return model.answer(type, cmd, params);
    }, "char");
    box.sim = this;
  }
}
