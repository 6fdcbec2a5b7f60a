/**
 * powerpanel's text protocol ("Powerpanel-Text 0.5", 2400 bps): `P4`
 * identifies (46 characters or more, starting `#`), `P1`..`P3` give
 * ratings, `P6`..`P8` the settable choices; `D` answers a 35-byte status
 * in one of two short layouts or 58 bytes in the long one. Commands are
 * accepted with `#0`.
 *
 * @module
 */
import type { CommandResult, DriverContext } from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { cFixed } from "../powercom/types.ts";
import {
  gFormat,
  type PpLink,
  type PpSubdriver,
  strtod,
  strtok,
  strtol,
} from "./link.ts";

const MAXTRIES = 3;

/** Settable values: the query of the unit's choices and the SET form. */
const VARS: ReadonlyArray<[string, string, (n: number) => string]> = [
  ["input.transfer.high", "P6\r", (n) => `C2:${pad(n, 3)}\r`],
  ["input.transfer.low", "P7\r", (n) => `C3:${pad(n, 3)}\r`],
  ["battery.charge.low", "P8\r", (n) => `C4:${pad(n, 2)}\r`],
];
/** Instant commands with a fixed command (null: renamed, see instcmd). */
const CMDS: ReadonlyArray<[string, string | null]> = [
  ["test.battery.start.quick", "T\r"],
  ["test.battery.start.deep", "TL\r"],
  ["test.battery.stop", "CT\r"],
  ["beeper.enable", "C7:1\r"],
  ["beeper.disable", "C7:0\r"],
  ["beeper.on", null],
  ["beeper.off", null],
  ["shutdown.stop", "C\r"],
];

function pad(n: number, w: number): string {
  const s = String(Math.abs(n)).padStart(n < 0 ? w - 1 : w, "0");
  return n < 0 ? `-${s}` : s;
}

/** A parsed `D` answer. */
interface TextStatus {
  iv: number;
  ov: number;
  load: number;
  chrg: number;
  freq: number;
  flags: string;
  temp?: number;
  bv?: number;
  of?: number | undefined;
  rt?: number | undefined;
}

/** One conversion result of `scan`. */
type Scanned = number | string;

/**
 * sscanf for the status layouts: `%f` (single precision), `%d`, `%2c` and
 * literal characters; the conversions made before the first mismatch.
 */
export function scan(text: string, fmt: string): Scanned[] {
  const out: Scanned[] = [];
  let i = 0;
  for (let f = 0; f < fmt.length; f++) {
    if (fmt[f] !== "%") {
      if (text[i] !== fmt[f]) return out;
      i++;
      continue;
    }
    const conv = fmt.slice(f + 1).match(/^(\d*)([fdc])/)!;
    f += conv[0].length;
    if (conv[2] === "c") {
      const n = Number(conv[1] || 1);
      if (text.length - i < n) return out;
      out.push(text.slice(i, i + n));
      i += n;
      continue;
    }
    const rest = text.slice(i);
    const m = conv[2] === "d"
      ? /^\s*[+-]?\d+/.exec(rest)
      : /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    if (!m) return out;
    out.push(
      conv[2] === "d" ? parseInt(m[0], 10) : Math.fround(parseFloat(m[0])),
    );
    i += m[0].length;
  }
  return out;
}

/** The text protocol of one unit. */
export class PpText implements PpSubdriver {
  readonly version = "text";
  #answer = "";
  ondelay = 1;
  offdelay = 60;
  constructor(readonly ctx: DriverContext, readonly link: PpLink) {}

  /** powpan_command: the answer's length (-1 on a timeout). */
  async command(cmd: string): Promise<number> {
    await this.link.flush();
    await this.link.send(cmd);
    await this.link.sleep(100);
    const r = await this.link.getLine();
    this.#answer = r.data;
    return r.ret > 0 ? r.ret : -1;
  }

  async initups(): Promise<number> {
    await this.command("\r\r");
    for (let i = 0; i < MAXTRIES; i++) {
      const ret = await this.command("P4\r");
      if (ret < 46 || this.#answer[0] !== "#") continue;
      const on = this.ctx.config.values.get("ondelay");
      if (on !== undefined) this.ondelay = strtol(on);
      if (this.ondelay < 0 || this.ondelay > 9999) {
        throw new DriverFatalError(
          `Start delay '${this.ondelay}' out of range [0..9999]`,
        );
      }
      const off = this.ctx.config.values.get("offdelay");
      if (off !== undefined) this.offdelay = strtol(off);
      if (this.offdelay < 6 || this.offdelay > 600) {
        throw new DriverFatalError(
          `Shutdown delay '${this.offdelay}' out of range [6..600]`,
        );
      }
      this.offdelay -= this.offdelay % (this.offdelay < 60 ? 6 : 60);
      return ret;
    }
    return -1;
  }

  /** The words after the answer's `#`. */
  #fields(): string[] {
    return strtok(this.#answer.slice(1), ",");
  }

  async initinfo(): Promise<void> {
    const st = this.ctx.state;
    st.set("ups.delay.start", String(60 * this.ondelay));
    st.set("ups.delay.shutdown", String(this.offdelay));
    // P4's answer from detection is still in the buffer
    const set = (
      names: ReadonlyArray<string | null>,
      conv: (s: string) => string,
    ) => {
      this.#fields().forEach((s, i) => {
        const n = names[i];
        if (n) st.set(n, conv(s));
      });
    };
    const id = this.#fields();
    const keys = ["ups.model", "ups.firmware", "ups.serial", "ups.mfr"];
    id.slice(0, 4).forEach((s, i) => {
      st.set(keys[i]!, i === 0 || i === 3 ? s.replace(/ +$/, "") : s);
    });
    if ((await this.command("P3\r")) > 0) {
      const f = this.#fields();
      if (f[0] !== undefined) {
        st.set("battery.voltage.nominal", gFormat(strtod(f[0])));
      }
      if (f[1] !== undefined) st.set("battery.packs", String(strtol(f[1])));
      if (f[2] !== undefined) st.set("battery.capacity", gFormat(strtod(f[2])));
    }
    const long = (s: string) => String(strtol(s));
    if ((await this.command("P2\r")) > 0) {
      set([
        "ups.power.nominal",
        "ups.realpower.nominal",
        "input.voltage.nominal",
        "input.frequency.low",
        "input.frequency.high",
      ], long);
    }
    if ((await this.command("P1\r")) > 0) {
      set([
        "input.voltage.nominal",
        "input.transfer.high",
        "input.transfer.low",
        "battery.charge.low",
      ], long);
    }
    for (const [c] of CMDS) st.addCmd(c);
    for (const [name, get] of VARS) {
      if (st.tree.get(name) === undefined) continue;
      if ((await this.command(get)) < 1) continue;
      const f = this.#fields();
      if (f.length) st.setFlags(name, ["RW"]);
      for (const s of f) st.addEnum(name, String(strtol(s)));
    }
    // P5 and P9 exist too, meaning unknown: asked, answers unused
    await this.command("P5\r");
    await this.command("P9\r");
    await this.command("C\r"); // cancel a pending shutdown
    for (
      const c of ["shutdown.return", "shutdown.stayoff", "shutdown.reboot"]
    ) {
      st.addCmd(c);
    }
  }

  /** powpan_status: the status values, or null. */
  async #status(): Promise<TextStatus | null> {
    const st = this.ctx.state;
    await this.link.flush();
    await this.link.send("D\r");
    await this.link.sleep(200);
    let r = await this.link.getBuf(35);
    if (r.ret <= 0) return null;
    let buf = r.data;
    let v = scan(buf, "#I%fO%fL%dB%dT%dF%fS%2c\r");
    const n = (i: number) => v[i] as number;
    if (v.length >= 7) {
      return {
        iv: n(0),
        ov: n(1),
        load: n(2),
        chrg: n(3),
        temp: n(4),
        freq: n(5),
        flags: v[6] as string,
      };
    }
    v = scan(buf, "#I%fO%fL%dB%dF%fR%dS%2c\r");
    if (v.length >= 7) {
      // no temperature here: NUT prints an uninitialised value, we none
      return {
        iv: n(0),
        ov: n(1),
        load: n(2),
        chrg: n(3),
        freq: n(4),
        rt: n(5),
        flags: v[6] as string,
      };
    }
    r = await this.link.getBuf(23);
    if (r.ret <= 0) return null;
    buf += r.data;
    v = scan(buf, "#I%fO%fL%dB%dV%fT%dF%fH%fR%dC%dQ%fS%2c\r");
    st.set("battery.voltage.nominal", "72");
    st.set("output.voltage.nominal", "120");
    if (v.length < 7) return null;
    return {
      iv: n(0),
      ov: n(1),
      load: n(2),
      chrg: n(3),
      bv: n(4),
      temp: n(5),
      freq: n(6),
      of: v[7] as number | undefined,
      rt: v[8] as number | undefined,
      flags: (v[11] as string | undefined) ?? "\0",
    };
  }

  async updateinfo(): Promise<number> {
    const s = await this.#status();
    if (!s) return -1;
    const st = this.ctx.state;
    const { iv, ov } = s;
    st.set("input.voltage", cFixed(iv, 1));
    st.set("output.voltage", cFixed(ov, 1));
    st.set("ups.load", String(s.load));
    st.set("input.frequency", cFixed(s.freq, 1));
    if (s.temp !== undefined) st.set("ups.temperature", String(s.temp));
    st.set("battery.charge", String(s.chrg));
    if (s.bv !== undefined) st.set("battery.voltage", cFixed(s.bv, 1));
    if (s.of !== undefined) st.set("output.frequency", cFixed(s.of, 1));
    if (s.rt !== undefined) st.set("battery.runtime", String(s.rt * 60));
    const flags = s.flags;
    const f = flags.charCodeAt(0);
    const status = [f & 0x40 ? "OB" : "OL"];
    if (f & 0x20) status.push("LB");
    if (!(f & 0x48)) {
      if (ov < 0.5 * iv) { /* too low */ }
      else if (ov < 0.95 * iv) status.push("TRIM");
      else if (ov < 1.05 * iv) { /* normal */ }
      else if (ov < 1.5 * iv) status.push("BOOST");
    }
    if (f & 0x08) status.push("TEST");
    if (f === 0) status.push("OFF");
    st.setStatus(status);
    return f & 0x40 ? 1 : 0;
  }

  async instcmd(cmd: string): Promise<CommandResult> {
    const lower = cmd.toLowerCase();
    if (lower === "beeper.off" || lower === "beeper.on") {
      const now = lower === "beeper.off" ? "beeper.disable" : "beeper.enable";
      this.ctx.log.warn(`The '${lower}' command has been renamed to '${now}'`);
      return this.instcmd(now);
    }
    let command = CMDS.find(([c]) => c === lower)?.[1];
    if (command === undefined) {
      const off = this.offdelay;
      const d = off < 60
        ? `.${Math.trunc(off / 6)}`
        : pad(Math.trunc(off / 60), 2);
      if (lower === "shutdown.return") command = `Z${d}\r`;
      else if (lower === "shutdown.stayoff") command = `S${d}\r`;
      else if (lower === "shutdown.reboot") {
        command = `S${d}R${pad(this.ondelay, 4)}\r`;
      } else {
        this.ctx.log.notice(`powpan_instcmd: command [${cmd}] unknown`);
        return "unknown";
      }
    }
    if ((await this.command(command!)) === 2 && this.#answer === "#0") {
      return "handled";
    }
    this.ctx.log.error(`powpan_instcmd: command [${cmd}] failed`);
    return "failed";
  }

  async setvar(name: string, value: string): Promise<CommandResult> {
    const v = VARS.find(([n]) => n === name.toLowerCase());
    if (!v) return "unknown";
    const st = this.ctx.state;
    if (value.toLowerCase() === (st.tree.get(v[0]) ?? "").toLowerCase()) {
      return "handled";
    }
    if (
      (await this.command(v[2](strtol(value)))) === 2 && this.#answer === "#0"
    ) {
      st.set(v[0], value);
      return "handled";
    }
    this.ctx.log.error(
      `powpan_setvar: setting variable [${name}] to [${value}] failed`,
    );
    return "unknown";
  }
}
