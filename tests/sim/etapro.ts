/**
 * An ETA PRO unit on a pty, from the facts of NUT's `etapro`: commands end
 * with CR and may be echoed; every answer line is `S<letter><value>` CR LF.
 * `RI` gives `SR` manufacturer, `SS` model, `ST` date (text) and `SU` an
 * id (hex); `RP` gives `SO` flags (bit 0 on line, 1 output on, 2 battery
 * not low, 4 boost, 5 battery out of range), `SG`/`SH` input/output volts
 * (0xFF = 270 V), `SI` battery (0xFF = 14 V), `SL` load (0xFF = 150 %),
 * `SN` seconds on battery. `RN%04X`/`RO%04X` (on/off timers) answer
 * `SV20`/`SV00`, `RS`/`RR` (cancel) `SV30`/`SV10`.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";
import type { CharDevice } from "./best_line.ts";

/** Power states. */
export type EtaState = "online" | "battery" | "low" | "boost" | "off" | "over";

/** The unit; tests change fields. */
export class EtaModel {
  state: EtaState = "online";
  /** Echo each command before its answer. */
  echo = true;
  /** Replaces the SU id (bad input tests). */
  id = "01F4";
  readonly acted: string[] = [];

  #flags(): number {
    const s = this.state;
    let f = 0x02 | 0x04;
    if (s === "off") f &= ~0x02;
    if (s === "online" || s === "boost") f |= 0x01;
    if (s === "low") f = (f & ~0x04) | 0x20;
    if (s === "boost") f |= 0x10;
    return f;
  }

  /** The answer lines to `cmd`, or null. */
  answer(cmd: string): string[] | null {
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");
    const ob = this.state === "battery" || this.state === "low" ||
      this.state === "over";
    if (cmd === "RI") {
      return ["SRETA", "SSPRO 600", "ST1999/05/12", `SU${this.id}`];
    }
    if (cmd === "RP") {
      return [
        `SO${hex(this.#flags())}`,
        `SG${hex(ob ? 0 : this.state === "boost" ? 0x5a : 0xd4)}`,
        `SH${hex(0xd5)}`,
        `SI${hex(this.state === "low" ? 0xbf : 0xe9)}`,
        `SL${hex(this.state === "over" ? 0xc8 : ob ? 0x44 : 0)}`,
        `SN${ob ? "003C" : "0000"}`,
      ];
    }
    const timers: Record<string, string> = {
      N: "20",
      O: "00",
      S: "30",
      R: "10",
    };
    if (/^R[NO][0-9A-F]{4}$|^R[SR]$/.test(cmd)) {
      this.acted.push(cmd);
      return [`SV${timers[cmd[1]!]}`];
    }
    return null;
  }
}

/** The unit at byte level: CR ends a command. */
export function etaDevice(
  model: EtaModel,
  commands: string[] = [],
): CharDevice {
  let line = "";
  return (ch) => {
    if (ch !== "\r") {
      if (ch !== "\n") line += ch;
      return null;
    }
    const cmd = line;
    line = "";
    if (!cmd) return null;
    commands.push(cmd);
    const a = model.answer(cmd);
    if (a === null) return null;
    return (model.echo ? `${cmd}\r` : "") + a.map((l) => `${l}\r\n`).join("");
  };
}

/** The simulator: every byte in `raw`, every command in `commands`. */
export class EtaSim extends SerialSim {
  readonly model: EtaModel;
  raw = "";
  readonly commands: string[] = [];

  constructor(model = new EtaModel()) {
    const box: { sim?: EtaSim } = {};
    const commands: string[] = [];
    const dev = etaDevice(model, commands);
    super((ch) => {
      box.sim!.raw += ch;
      return dev(ch);
    }, "char");
    box.sim = this;
    this.model = model;
    this.commands = commands;
  }
}
