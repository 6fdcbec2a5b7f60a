/**
 * A Best Power Fortress on a pty, from the facts of NUT's `bestfortress`:
 * commands end with CR (each byte arrives 50 ms apart). `f` is answered by
 * CR LF, the 80-character status record and CR: hex digits, the fields of
 * drivers/best/frecord.ts, the last pair a checksum making the 40 pairs
 * add up to 0 modulo 256. `p<n>=<v>` sets parameter n and answers `OK`
 * (`p999=2639` grants super-user, `p999=` drops it); `OFF<s>` turns the
 * load off. Every byte and command is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";
import type { CharDevice } from "./best_line.ts";

/** Power states. */
export type FortressState = "online" | "battery" | "low" | "trim" | "off";

/** Writes `text` at `at` into a record of '0's. */
export function place(
  len: number,
  fields: ReadonlyArray<readonly [number, string]>,
): string[] {
  const b = "0".repeat(len).split("");
  for (const [at, text] of fields) {
    for (let i = 0; i < text.length; i++) b[at + i] = text[i]!;
  }
  return b;
}

/** Sets the last hex pair so that the 40 pairs add up to 0 modulo 256. */
export function withChecksum(rec: string[]): string {
  let sum = 0;
  for (let i = 0; i < 78; i += 2) sum += parseInt(rec[i]! + rec[i + 1]!, 16);
  const cs = ((256 - (sum & 0xff)) & 0xff).toString(16).toUpperCase();
  return rec.slice(0, 78).join("") + cs.padStart(2, "0");
}

/** The unit; tests change fields. */
export class FortressModel {
  state: FortressState = "online";
  /** Units that drop the record's first two characters. */
  drop2 = false;
  /** Breaks the checksum. */
  badSum = false;
  /** Parameter answers (OK unless changed). */
  paramReply = "OK";
  readonly params: string[] = [];
  readonly acted: string[] = [];

  /** The `f` record. */
  record(): string {
    const s = this.state;
    const ob = s === "battery" || s === "low";
    const rec = place(80, [
      [11, s === "off" ? "0" : "1"],
      [17, ob ? "1" : "0"],
      [20, s === "low" ? "08" : "00"],
      [24, ob ? "0000" : s === "trim" ? "0138" : "0122"],
      [28, "0121"],
      [33, s === "trim" ? "1" : "0"],
      [36, "0012"],
      [40, "000145"],
      [50, s === "low" ? "0221" : "0280"],
      [54, "600"],
      [58, ob ? "0012" : "0099"],
      [62, "0025"],
      [76, "03"],
    ]);
    const r = withChecksum(rec);
    const out = this.badSum
      ? r.slice(0, 78) + (r[78] === "0" ? "1" : "0") + r[79]
      : r;
    return this.drop2 ? out.slice(2) : out;
  }

  /** The answer to one CR-ended command, or null. */
  answer(cmd: string): string | null {
    if (cmd === "f") return `\r\n${this.record()}\r`;
    if (/^p\d+=/.test(cmd)) {
      this.params.push(cmd);
      return `${this.paramReply}\r`;
    }
    if (cmd.startsWith("OFF")) this.acted.push(cmd);
    return null;
  }
}

/** The unit at byte level: CR ends a command (empty ones ignored). */
export function fortressDevice(
  model: FortressModel,
  commands: string[] = [],
): CharDevice {
  let line = "";
  return (ch) => {
    if (ch === "\n") return null;
    if (ch !== "\r") {
      line += ch;
      return null;
    }
    const cmd = line;
    line = "";
    if (!cmd) return null;
    commands.push(cmd);
    return model.answer(cmd);
  };
}

/** The simulator: every byte in `raw`, every command in `commands`. */
export class FortressSim extends SerialSim {
  readonly model: FortressModel;
  raw = "";
  readonly commands: string[] = [];

  constructor(model = new FortressModel()) {
    const box: { sim?: FortressSim } = {};
    const commands: string[] = [];
    const dev = fortressDevice(model, commands);
    super((ch) => {
      box.sim!.raw += ch;
      return dev(ch);
    }, "char");
    box.sim = this;
    this.model = model;
    this.commands = commands;
  }
}
