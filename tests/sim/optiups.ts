/**
 * An Opti-UPS or Online-USV Zinto unit on a pty, from the protocol facts
 * of NUT's `optiups`: Opti-UPS commands come without a terminator (two
 * letters; `Ct` + 1, `Cs`/`Cu` + 8, `Om`/`Oi` + 2 characters), Zinto
 * commands end with CR LF (their `Cs`/`Cu` carry 7 digits). Each is answered by one CR LF line: a value,
 * ^U (0x15) for an unsupported query, ^F (0x06) for a done action. `AG`
 * is the status in hex bits (2 output off, 8 overload, 16 replace
 * battery, 32 on battery, 64 low battery). A Zinto unit that is off
 * answers `AG` with a bare "2" and nothing else until a `Cu` command
 * switches it on. Every command is
 * recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** The unit's state; tests change fields. */
export class OptiModel {
  status = 0;
  off = false;
  /** Query → answer; absent: ^U. */
  values: Record<string, string>;

  constructor(readonly zinto = false) {
    this.values = zinto
      ? {
        IM: "ONLINE",
        IO: "D 1000",
        IS: "2.14",
        IZ: "0042117",
        NV: "116",
        OL: "034",
        OV: "115",
        OF: "500",
        NF: "499",
        BT: "027",
        BV: "0136",
      }
      : {
        IM: "ViewSonic",
        IO: "UPS-420E",
        IS: "V1.2B",
        NV: "116",
        OL: "027",
        OV: "118",
        FF: "601",
        BV: "0124",
      };
  }

  /** The answer to `cmd` (without CR LF), or null for none. */
  answer(cmd: string): string | null {
    if (this.off) {
      if (cmd.startsWith("Cu")) this.off = false; // switched on
      return null;
    }
    if (cmd === "AG") return this.status.toString(16).padStart(2, "0");
    if (/^(C[tsu]|O[mi]|Ts|ON)/.test(cmd)) return "\x06";
    return this.values[cmd] ?? "\x15";
  }
}

/** Length of an Opti-UPS command starting `buf`, or 0 while incomplete. */
function optiLength(buf: string): number {
  const head = buf.slice(0, 2);
  const want = head === "Ct"
    ? 3
    : /^C[su]$/.test(head)
    ? 10
    : /^O[mi]$/.test(head)
    ? 4
    : 2;
  return buf.length >= want ? want : 0;
}

/** The simulator. */
export class OptiSim extends SerialSim {
  readonly model: OptiModel;
  /** Every command (terminators dropped). */
  readonly commands: string[] = [];

  constructor(model = new OptiModel()) {
    let buf = "";
    const box: { sim?: OptiSim } = {};
    super((ch) => {
      buf += ch;
      // Zinto units get CR LF after each command: skip it; their Cs/Cu
      // carry 7 digits, so the CR ends those
      buf = buf.replace(/^[\r\n]+/, "");
      let n = optiLength(buf);
      if (model.zinto && /^C[su]/.test(buf)) {
        n = buf.indexOf("\r");
        if (n < 0) n = 0;
      }
      if (!n) return null;
      const cmd = buf.slice(0, n);
      buf = buf.slice(n);
      box.sim!.commands.push(cmd);
      if (model.off && cmd === "AG") return "2";
      const a = model.answer(cmd);
      return a === null ? null : `${a}\r\n`;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
