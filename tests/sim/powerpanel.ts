/**
 * A CyberPower serial unit on a pty, from the protocol facts of NUT's
 * `powerpanel`. Text units (2400 bps): `P4` gives "#model,firmware,serial,
 * maker" (46 characters), `P1`..`P3` ratings, `P6`..`P8` the settable
 * choices, `D` a status in the short layout (with temperature) or the long
 * one (58 bytes); accepted commands answer `#0`. Binary units (1200 bps):
 * `F` gives ".model.<V byte>.<Hz byte>.<firmware>", `R<id>` two bytes (the
 * second the setting's signed step), `D` 14 bytes with two flag pairs
 * adding up to 255; commands are acknowledged by their echo without CR.
 * Commands end with CR (binary ones may hold NUL); every one is kept.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states. */
export type PpState = "online" | "battery" | "low" | "boost" | "test";
/** Unit kinds. */
export type PpKind = "text" | "text-long" | "pr" | "op";

const ch = (n: number) => String.fromCharCode(n & 0xff);

/** The unit; tests change fields. */
export class PpModel {
  state: PpState = "online";
  constructor(readonly kind: PpKind = "text") {}

  get binary(): boolean {
    return this.kind === "pr" || this.kind === "op";
  }

  #text(cmd: string): string | null {
    const s = this.state, onBatt = s === "battery" || s === "low";
    switch (cmd) {
      case "P4":
        return "#" + "BC1200     ,1.600,000000001234,CYBER POWER   ";
      case "P3":
        return "#12.0,002,008.0,00";
      case "P2":
        return "#1200,0720,120,47,63";
      case "P1":
        return "#120,138,088,20";
      case "P6":
        return "#130,134,138,142";
      case "P7":
        return "#096,092,088,084";
      case "P8":
        return "#15,20,25,30";
      case "D": {
        const flag = ch(
          {
            online: 0x10,
            battery: 0x50,
            low: 0x70,
            boost: 0x10,
            test: 0x18,
          }[s],
        );
        const iv = onBatt ? "000.0" : s === "boost" ? "102.0" : "119.0";
        const ov = onBatt || s === "boost" ? "120.0" : "119.0";
        if (this.kind === "text") {
          return `#I${iv}O${ov}L025B${
            onBatt ? "067" : "100"
          }T027F060.0S${flag}.`;
        }
        return `#I${iv}O${ov}L025B${onBatt ? "067" : "100"}V0${
          onBatt ? "68.4" : "72.0"
        }T030F060.0H059.9R${onBatt ? "012" : "045"}C0Q00.0S${flag}.`;
      }
    }
    if (
      /^(?:T|TL|CT|C|C7:[01]|C[234]:\d+|[ZS](?:\.\d|\d\d)(?:R\d{4})?)$/.test(
        cmd,
      )
    ) {
      return "#0";
    }
    return null;
  }

  #binary(cmd: string): string | null {
    const s = this.state, onBatt = s === "battery" || s === "low";
    const op = this.kind === "op";
    switch (cmd) {
      case "F":
        return op ? ".OP1000AVR .x.<.2000\r" : ".PR2200    .x.<.1100\r";
      case "D": {
        const f = {
          online: 0x01,
          battery: 0x81,
          low: 0xc1,
          boost: 0x01,
          test: 0x05,
        }[s];
        const iv = onBatt
          ? 0
          : s === "boost"
          ? (op ? 100 : 104)
          : (op ? 127 : 120);
        const ov = s === "boost" ? (op ? 112 : 118) : op ? 127 : 120;
        return "#" + ch(iv) + ch(ov) + ch(op ? 40 : 30) + "\0" +
          ch(op ? (onBatt ? 180 : 200) : onBatt ? 67 : 100) + ch(op ? 90 : 30) +
          ch(op ? 178 : 150) + "\0" + ch(f) + ch(255 - f) + ch(0x0f) +
          ch(0xf0) +
          "\r";
      }
    }
    if (cmd.length === 2 && cmd[0] === "R") {
      const steps: Record<number, number> = op
        ? { 0x02: 1, 0x04: -2, 0x08: 0, 0x0f: 2, 0x18: 0 }
        : { 0x02: 0, 0x04: 2, 0x08: -5, 0x0f: 0, 0x18: 0 };
      const v = steps[cmd.charCodeAt(1)];
      return v === undefined ? null : "R" + ch(v);
    }
    if (
      cmd.length === 3 && cmd[0] === "Q" &&
      [2, 4, 8, 15, 24].includes(cmd.charCodeAt(1))
    ) return cmd;
    if (["T\x98", "CT", "B", "S\0\0R\0\x01W", "S\0\0W", "C"].includes(cmd)) {
      return cmd;
    }
    return null;
  }

  /** The answer to `cmd` (without its CR), or null. */
  answer(cmd: string): string | null {
    if (!cmd) return null;
    if (this.binary) return this.#binary(cmd);
    const a = this.#text(cmd);
    return a === null ? null : `${a}\r`;
  }
}

/** The simulator: bytes one at a time, commands cut at CR only. */
export class PpSim extends SerialSim {
  /** Every CR-ended command. */
  readonly commands: string[] = [];
  constructor(readonly model = new PpModel()) {
    let line = "";
    const box: { sim?: PpSim } = {};
    super((c) => {
      if (c !== "\r") {
        line += c;
        return null;
      }
      const cmd = line;
      line = "";
      box.sim!.commands.push(cmd);
      return model.answer(cmd);
    }, "char");
    box.sim = this;
  }
}
