/**
 * A Oneac EG/ON/OZ/OB unit on a pty, from the protocol facts of NUT's
 * `oneac`: commands end with CR LF and are answered by one CR-ended line.
 * `F` gives the family; `%` the 22 (EG) or 48-character status record
 * (0 mfr, 7 firmware, 10 on inverter Y/N, 12 status bits or '@', 13
 * transfer reason, 15 shutdown counter or '.', 20 nominal Hz, 26 voltage
 * range '1'/'2', 27 output '.' when off, 31 load, 33 battery %, 35/38/41
 * input V now/min/max, 44 output V, 47 boosting Y/N); OZ/OB units add `^`
 * (92 characters: 5 model, 18 serial, 38 made, 44 battery date, 55 watts,
 * 73/76 transfer points, 82 low-battery minutes, 84 restart delay), `&`
 * (79: 13 temperature, 19 runtime, 29 battery volts, 42 input Hz, 57
 * watts, 73 load, 76 output Hz) and short single queries. Every command
 * is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Families. */
export type OneacFamily = "EG" | "ON" | "OZ" | "OB";
/** Power states. */
export type OneacState = "online" | "battery" | "low" | "hot";

function record(len: number, fields: Array<[number, string]>): string {
  const b = "0".repeat(len).split("");
  for (const [at, text] of fields) {
    for (let i = 0; i < text.length; i++) b[at + i] = text[i]!;
  }
  return b.join("");
}

/** The unit's state; tests change fields. */
export class OneacModel {
  state: OneacState = "online";
  firmware = "2.0";
  constructor(readonly family: OneacFamily = "OZ") {}

  #status(): string {
    switch (this.state) {
      case "online":
        return "@";
      case "battery":
        return String.fromCharCode(0x40 | 1);
      case "low":
        return String.fromCharCode(0x40 | 1 | 2 | 8);
      case "hot":
        return String.fromCharCode(0x40 | 0x20 | 4);
    }
  }

  /** The answer to `cmd` (without CR LF), or null. */
  answer(cmd: string): string | null {
    const onBatt = this.state === "battery" || this.state === "low";
    switch (cmd) {
      case "F":
        return this.family;
      case "%":
        return record(
          this.family === "EG" ? 22 : 48,
          [
            [0, "ONEAC"],
            [7, this.firmware],
            [10, onBatt ? "Y" : "N"],
            [12, this.#status()],
            [13, onBatt ? "B" : "."],
            [15, "..."],
            [20, "60"],
            [26, "1"],
            [27, "1"],
            [31, "42"],
            [33, onBatt ? "67" : "99"],
            [35, "118"],
            [38, "097"],
            [41, "124"],
            [44, "120"],
            [47, "N"],
          ].filter(([at]) =>
            (at as number) < (this.family === "EG" ? 22 : 48)
          ) as Array<[number, string]>,
        );
      case "^":
        return record(92, [
          [5, "ON1100I   "],
          [18, "1234"],
          [22, "5678"],
          [38, "190214"],
          [44, "200101"],
          [55, "00800"],
          [73, "100"],
          [76, "138"],
          [82, "05"],
          [84, "0030"],
        ]);
      case "&":
        return record(79, [
          [13, "31"],
          [19, "0017"],
          [29, "275"],
          [42, "600"],
          [57, "00336"],
          [73, "042"],
          [76, "599"],
        ]);
      case "[=?":
        return "095,135,08";
      case "+":
        return "200101";
      case "[":
        return "100";
      case "]":
        return "138";
      case "_":
        return "0030";
      case "\x07?":
        return "1";
      case "<?":
        return "0";
      case '"':
        return "05";
      case "}":
        return ".....";
      case "_?":
        return "0000";
      default:
        return null;
    }
  }
}

/** The simulator: bytes one at a time, so that `raw` keeps every byte (the shutdown has no CR). */
export class OneacSim extends SerialSim {
  readonly model: OneacModel;
  /** Every byte received. */
  raw = "";
  /** Every CR-ended command (LFs dropped). */
  readonly commands: string[] = [];

  constructor(model = new OneacModel()) {
    let line = "";
    const box: { sim?: OneacSim } = {};
    super((ch) => {
      box.sim!.raw += ch;
      if (ch === "\n") return null;
      if (ch !== "\r") {
        line += ch;
        return null;
      }
      const cmd = line;
      line = "";
      if (!cmd) return null;
      box.sim!.commands.push(cmd);
      const a = model.answer(cmd);
      return a === null ? null : `${a}\r`;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
