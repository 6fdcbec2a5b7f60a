/**
 * An MGE U-Talk unit on a pty, from the protocol facts of NUT's
 * `mge-utalk`: commands end with CR LF and are answered by one CR-ended
 * line; `?` means "not supported", `OK` accepts a command. `Si 1` gives
 * "<model> <firmware>" (older units answer `?` and `Si` gives numbers),
 * `Ai` "<protocol level> <multiplier table>", `Ss`/`Bs`/`Ps` eight bits
 * most significant first, `Ls` two such words; `Ax 0` mutes the unit until
 * `Ax 1`. Values are raw readings the table scales (table 3: A /100, Hz /10).
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states. */
export type UtalkState = "online" | "battery" | "low" | "boost" | "bypass";

/** The unit; tests change fields. */
export class UtalkModel {
  state: UtalkState = "online";
  /** false: an older unit without `Si 1`. */
  si1 = true;
  /** Answers `Ax 0` mutes until `Ax 1`. */
  enabled = true;
  /** Queries answered "?" (unsupported). */
  readonly unsupported = new Set(["Bp ?"]);
  readonly values = new Map<string, string>([
    ["Bl", "100"],
    ["Bn", "23"],
    ["Bv", "27.4"],
    ["Bl ?", "30"],
    ["Bv ?", "24"],
    ["St", "31"],
    ["Ll", "42"],
    ["Sm ?", "1"],
    ["Sn ?", "20"],
    ["Lv", "230"],
    ["Lc", "215"],
    ["Uv", "229"],
    ["Uf", "500"],
    ["Ee ?", "184"],
    ["Eo ?", "200"],
    ["Ea ?", "240"],
    ["Eu ?", "264"],
  ]);

  #bits(...on: number[]): string {
    const b = "00000000".split("");
    for (const i of on) b[i] = "1";
    return b.join("");
  }

  /** The answer to `cmd` (without CR), or null. */
  answer(cmd: string): string | null {
    if (cmd === "Ax 1") this.enabled = true;
    if (!this.enabled) return null;
    if (cmd === "Ax 0") {
      this.enabled = false;
      return null;
    }
    const onBatt = this.state === "battery" || this.state === "low";
    switch (cmd) {
      case "Z":
        return null;
      case "Si 1":
        return this.si1 ? "Pulsar EX10 0.09" : "?";
      case "Si":
        return this.si1 ? "3000 51 0" : "3000 17 0";
      case "Ai":
        return "1 3";
      case "Ss":
        return this.state === "low"
          ? this.#bits(5, 4)
          : onBatt
          ? this.#bits(5)
          : this.#bits();
      case "Bs":
        return onBatt ? this.#bits(0) : this.#bits(1);
      case "Ls":
        return `${
          this.#bits(...(this.state === "boost" ? [4] : []))
        } ${this.#bits()}`;
      case "Ps":
        return this.state === "bypass" ? this.#bits(0, 7) : this.#bits();
    }
    if (this.unsupported.has(cmd)) return "?";
    const v = this.values.get(cmd);
    if (v !== undefined) return v;
    // SETs ("Bl 25"), tests, plugs, bypass and shutdown: accepted
    if (
      /^(?:[BSELWP][a-z] \d+|Bx 1|Sx \d+|Wy 65535|Wx [01]|Px [23])$/.test(cmd)
    ) {
      return "OK";
    }
    return "?";
  }
}

/** The simulator: every command is kept in `received`. */
export class UtalkSim extends SerialSim {
  constructor(readonly model = new UtalkModel()) {
    super((cmd) => {
      const a = model.answer(cmd);
      return a === null ? null : `${a}\r`;
    });
  }
}
