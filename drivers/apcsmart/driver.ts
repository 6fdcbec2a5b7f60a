/**
 * apcsmart: NUT 2.8.0's APC Smart protocol driver. Start-up enters smart
 * mode (`Y` -> `SM`), learns what the unit supports (firmware table, `a`
 * command set, `^Z` capabilities), then each poll reads the status byte
 * and the polled variables; alerts between replies update ups.status.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { type LineTransport, PortOpenError } from "../../src/transport/mod.ts";
import { ApcLink, SER } from "./link.ts";
import {
  APC_CMDTAB,
  APC_COMPATTAB,
  APC_UNR_CMDS,
  APC_VARTAB,
  type ApcCmdDef,
  type ApcVarDef,
  CF,
  CMDSET_FORMAT,
  convertData,
  OPTION_FORMATS,
  statusTokens,
  VF,
} from "./tables.ts";
import { ApcShutdown } from "./shutdown.ts";
import { setEnum, setString } from "./settings.ts";

/** ups.conf variables of apcsmart (upsdrv_makevartable). */
export const APC_VARS: readonly DriverVar[] = [
  { name: "ttymode", kind: "value", desc: "tty discipline selection" },
  {
    name: "cable",
    kind: "value",
    desc: "alternate cable (940-0095B) selection",
  },
  {
    name: "awd",
    kind: "value",
    desc: "hard hibernate's additional wakeup delay",
  },
  { name: "sdtype", kind: "value", desc: "simple shutdown method" },
  { name: "advorder", kind: "value", desc: "advanced shutdown control" },
  { name: "cshdelay", kind: "value", desc: "CS hack delay" },
];

/** Runtime flags added to a table row. */
const PRESENT = 0x1, RW = 0x200, ENUM = 0x400;
/** Length of the two string settings (APC_STRLEN). */
export const STRLEN = 8;
const ALT_CABLE_1 = "940-0095B";

/** A variable row with its per-instance state. */
export interface VarRow {
  readonly def: ApcVarDef;
  flags: number;
  /** published subfields of a packed variable */
  cnt: number;
}

interface CmdRow {
  readonly def: ApcCmdDef;
  flags: number;
}

/** Opens a port (tests pass a pty path or an in-memory twin). */
export type PortOpener = (
  path: string,
) => LineTransport | Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** prtchr: printable characters as is, others as 0x%02x. */
export function prtchr(ch: string): string {
  const c = ch.charCodeAt(0);
  return c >= 0x20 && c < 0x7f ? ch : `0x${c.toString(16).padStart(2, "0")}`;
}

/** strtol(s, 0, 16). */
function strtol16(s: string): number {
  const m = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(s);
  return m ? parseInt(m[1]!, 16) : 0;
}

/** An apcsmart instance. */
export class ApcSmartDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: ApcLink;
  readonly vars: VarRow[];
  readonly cmds: CmdRow[];
  /** The last status byte (ups_status). */
  status = 0;
  #open: PortOpener;
  #stale = true;
  #lastWorked = 0;
  #lastFull = 0;
  #lastNasty = 0;
  #sd: ApcShutdown;
  /** The link does one exchange at a time (NUT's single-threaded loop). */
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open: PortOpener = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
    this.link = new ApcLink(ctx.log);
    this.link.onAlert = (ch) => this.#alert(ch);
    this.vars = APC_VARTAB.map((def) => ({ def, flags: def.flags, cnt: 0 }));
    this.cmds = APC_CMDTAB.map((def) => ({ def, flags: def.flags }));
    this.#sd = new ApcShutdown(this);
  }

  /** getval. */
  val(name: string): string | undefined {
    return this.ctx.config.values.get(name);
  }

  #setStatus(): void {
    this.ctx.state.setStatus(statusTokens(this.status));
  }

  /** Status byte as the shutdown code sees it. */
  setStatusByte(status: number): void {
    this.status = status;
  }

  #alert(ch: string): void {
    const S = this.status;
    const map: Record<string, number> = {
      "!": (S & ~0x08) | 0x10,
      "$": (S & ~0x10) | 0x08,
      "%": S | 0x40,
      "+": S & ~0x40,
      "#": S | 0x80,
      "?": S | 0x20,
      "=": S & ~0x20,
    };
    this.ctx.log.debug(1, `alert_handler: ${ch}`);
    if (map[ch] !== undefined) this.status = map[ch]!;
    this.#setStatus();
  }

  // ---- variables ----------------------------------------------------------

  #lookupChar(ch: string): VarRow | undefined {
    return this.vars.find((v) => (v.flags & PRESENT) && v.def.cmd === ch);
  }

  #lookupName(name: string): VarRow | undefined {
    const n = name.toLowerCase();
    return this.vars.find((v) =>
      (v.flags & PRESENT) && v.def.name.toLowerCase() === n
    );
  }

  #delInfo(vt: VarRow, skip: number): void {
    if (!(vt.def.flags & VF.PACK)) {
      this.ctx.state.del(vt.def.name);
      return;
    }
    for (let c = skip; c < vt.cnt; c++) {
      this.ctx.state.del(vt.def.name.replace(".0.", `.${c + 1}.`));
    }
    vt.cnt = 0;
  }

  #setInfo(vt: VarRow, raw: string): void {
    const st = this.ctx.state;
    if (!(vt.def.flags & VF.PACK)) {
      st.set(vt.def.name, convertData(vt.def.format, raw));
      return;
    }
    const fields = raw.split(",");
    if (fields.length > 4) {
      this.ctx.log.warn(
        `packed variable ${vt.def.name} [${
          prtchr(vt.def.cmd)
        }] longer than 4 fields,\nignoring remaining fields`,
      );
    }
    const parts = fields.slice(0, 4);
    if (vt.cnt > parts.length) this.#delInfo(vt, parts.length);
    vt.cnt = parts.length;
    for (let c = parts.length - 1; c >= 0; c--) {
      const name = vt.def.name.replace(".0.", `.${c + 1}.`);
      st.set(name, parts[c] ? convertData(vt.def.format, parts[c]!) : "N/A");
    }
  }

  async #preread(vt: VarRow): Promise<string | null> {
    this.ctx.log.debug(
      1,
      `preread_data: ${vt.def.name} [${prtchr(vt.def.cmd)}]`,
    );
    await this.link.flush(0);
    if (await this.link.write(vt.def.cmd) !== 1) return null;
    const r = await this.link.read(SER.TO);
    if (r.n < 1 || r.text === "NA") {
      if (r.n >= 0) {
        this.ctx.log.error(
          `preread_data: ${vt.def.name} [${
            prtchr(vt.def.cmd)
          }] timed out or not supported`,
        );
      }
      return null;
    }
    return r.text;
  }

  /** poll_data: false when the link failed. */
  async pollVar(vt: VarRow): Promise<boolean> {
    if (!(vt.flags & PRESENT)) return true;
    await this.link.flush(SER.AA);
    if (await this.link.write(vt.def.cmd) !== 1) return false;
    const r = await this.link.read(SER.AA);
    if (r.n < 1) return false;
    if (r.text === "NA") {
      this.ctx.log.warn(
        `poll_data: verified variable ${vt.def.name} [${
          prtchr(vt.def.cmd)
        }] returned NA, removing`,
      );
      vt.flags &= ~PRESENT;
      this.#delInfo(vt, 0);
    } else this.#setInfo(vt, r.text);
    return true;
  }

  async #updateStatus(): Promise<boolean> {
    await this.link.flush(SER.AA);
    if (await this.link.write("Q") !== 1) return false;
    const r = await this.link.read(SER.AA);
    if (r.n < 1 || r.text === "NA") {
      if (r.n >= 0) this.ctx.log.warn("update_status: failed");
      return false;
    }
    this.status = strtol16(r.text) & 0xff;
    this.#setStatus();
    return true;
  }

  #stringSetup(vt: VarRow): void {
    if (!(vt.def.flags & VF.STRING)) return;
    this.ctx.state.setFlags(vt.def.name, ["RW", "STRING"]);
    this.ctx.state.setAux(vt.def.name, STRLEN);
    vt.flags |= RW;
  }

  async #verify(vt: VarRow): Promise<void> {
    if (vt.def.flags & VF.MULTI) {
      vt.flags |= PRESENT;
      return;
    }
    const raw = await this.#preread(vt);
    if (raw === null || (vt.def.regex && !vt.def.regex.test(raw))) {
      this.ctx.log.warn(
        `${vt.def.name} [${prtchr(vt.def.cmd)}] - variable invalid`,
      );
      return;
    }
    vt.flags |= PRESENT;
    this.#setInfo(vt, raw);
    this.#stringSetup(vt);
  }

  /** deprecate_vars: keep the first MULTI row whose answer fits. */
  async #deprecate(): Promise<void> {
    for (let i = 0; i < this.vars.length; i++) {
      const vt = this.vars[i]!;
      if (!(vt.def.flags & VF.MULTI) || !(vt.flags & PRESENT)) continue;
      const raw = await this.#preread(vt);
      if (raw === null || (vt.def.regex && !vt.def.regex.test(raw))) {
        vt.flags &= ~PRESENT;
        this.ctx.log.warn(
          `${vt.def.name} [${
            prtchr(vt.def.cmd)
          }] - variable combination invalid`,
        );
        continue;
      }
      for (const other of this.vars.slice(i + 1)) {
        if (other.def.name === vt.def.name || other.def.cmd === vt.def.cmd) {
          other.flags &= ~PRESENT;
        }
      }
      this.#setInfo(vt, raw);
      this.#stringSetup(vt);
    }
  }

  /** apc_getcaps: the ^Z table makes variables RW enums. */
  async #getcaps(quirky: boolean): Promise<void> {
    const fw = this.ctx.state.tree.get("ups.firmware");
    const upsloc = fw ? fw[fw.length - 1] : undefined;
    await this.link.flush(0);
    if (await this.link.write("\x1a") !== 1) return;
    const r = await this.link.read(SER.CC | SER.TO);
    if (r.n < 1 || r.text === "NA") {
      if (r.n >= 0) {
        this.ctx.log.warn("APC cannot do capabilities but said it could !");
      }
      return;
    }
    const t = r.text;
    if (t[0] !== "#") {
      this.ctx.log.warn(`unknown capability start char [${t[0]}] !`);
      return;
    }
    const matrix = t[1] === "#";
    let p = matrix ? 0 : 1;
    while (p < t.length) {
      if (matrix) p += 2;
      if (p >= t.length) {
        if (quirky) return;
        throw new Error(
          "capability string has overflowed, please report this error !",
        );
      }
      const cmd = t[p]!, loc = t[p + 1];
      const nument = (t.charCodeAt(p + 2) || 0) - 48;
      const entlen = (t.charCodeAt(p + 3) || 0) - 48;
      if (nument < 0 || entlen < 0) {
        throw new Error(
          "nument or entlen out of range\nPlease report this error\nERROR: capability overflow!",
        );
      }
      const vt = this.#lookupChar(cmd);
      const valid = vt !== undefined && (loc === upsloc || loc === "4") &&
        !(vt.def.flags & VF.PACK);
      if (valid) {
        this.ctx.state.setFlags(vt.def.name, ["RW"]);
        vt.flags |= RW | ENUM;
      } else if (vt && (vt.def.flags & VF.PACK)) {
        this.ctx.log.warn(
          `WARN: packed APC variable ${vt.def.name} [${
            prtchr(cmd)
          }] reported as enumerable,\nplease report it on the mailing list`,
        );
      }
      let e = p + 4;
      for (let i = 0; i < nument; i++, e += entlen) {
        if (valid) {
          this.ctx.state.addEnum(
            vt.def.name,
            convertData(vt.def.format, t.slice(e, e + entlen)),
          );
        }
      }
      p = e;
    }
  }

  async #protocolVerify(cmd: string): Promise<void> {
    if (APC_UNR_CMDS.includes(cmd)) return;
    let found = false;
    for (const vt of this.vars) {
      if (vt.def.cmd !== cmd) continue;
      await this.#verify(vt);
      found = true;
    }
    if (found) return;
    for (const ct of this.cmds) {
      if (ct.def.cmd !== cmd) continue;
      ct.flags |= PRESENT;
      this.ctx.state.addCmd(ct.def.name);
      found = true;
    }
    if (!found) this.ctx.log.warn(`[${prtchr(cmd)}] unrecognized`);
  }

  async #oldSetup(): Promise<void> {
    for (
      const name of [
        "ups.temperature",
        "ups.load",
        "input.voltage",
        "output.voltage",
        "battery.charge",
        "battery.voltage",
        "ups.model",
        "ups.serial",
        "ups.firmware",
        "output.current",
      ]
    ) {
      for (const vt of this.vars) {
        if (vt.def.name === name) await this.#verify(vt);
      }
    }
    await this.#deprecate();
    if (this.#lookupName("output.current")) {
      this.ctx.state.set("ups.model", "Matrix-UPS");
    } else if (!this.#lookupName("ups.model")) {
      this.ctx.state.set("ups.model", "Smart-UPS");
    }
  }

  /** firmware_table_lookup: 1 matched, 2 quirky firmware, 0 not found. */
  async #firmwareLookup(): Promise<number> {
    await this.link.flush(0);
    if (await this.link.write("V") !== 1) return 0;
    let r = await this.link.read(SER.TO);
    if (r.n < 0) return 0;
    if (!r.n || r.text === "NA") {
      if (await this.link.write("b") !== 1) return 0;
      r = await this.link.read(SER.TO);
      if (r.n < 1) return 0;
    }
    let fw = r.text;
    this.ctx.log.debug(1, `detected firmware version: ${fw}`);
    if (fw === "451.2.I") return 2;
    if (/^[a-fA-F0-9]{2}$/.test(fw)) fw = "set\x01";
    const row = APC_COMPATTAB.find(([f]) => f === fw);
    if (!row) return 0;
    this.ctx.state.set(
      "ups.model",
      /^[05]/.test(row[0]) ? "Matrix-UPS" : "Smart-UPS",
    );
    for (const ch of row[1]) await this.#protocolVerify(ch);
    await this.#deprecate();
    return 1;
  }

  async #getbaseinfo(): Promise<boolean> {
    const qco = await this.#firmwareLookup();
    if (qco === 1) return true;
    await this.link.flush(0);
    if (await this.link.write("a") !== 1) return false;
    const r = await this.link.read(SER.CS | SER.TO);
    if (r.n < 0) return false;
    if (!r.n || r.text === "NA" || !CMDSET_FORMAT.test(r.text)) {
      this.ctx.log.notice(
        "very old or unknown APC model, support will be limited",
      );
      await this.#oldSetup();
      return true;
    }
    const cmds = r.text.split(".")[2]!;
    for (const ch of cmds) await this.#protocolVerify(ch);
    await this.#deprecate();
    if (cmds.includes("\x1a")) await this.#getcaps(qco === 2);
    return true;
  }

  /** smartmode: `Y` until `SM`, ESC between tries. */
  async smartmode(tries: number): Promise<boolean> {
    for (let i = 0; i < tries; i++) {
      await this.link.flush(0);
      if (await this.link.write("Y") !== 1) return false;
      const r = await this.link.read(SER.TO | SER.D1);
      if (r.n > 0 && r.text === "SM") return true;
      if (r.n < 0) await new Promise((res) => setTimeout(res, 1000));
      if (await this.link.write("\x1b") !== 1) return false;
      await this.link.read(SER.TO | SER.D1);
    }
    return false;
  }

  // ---- DriverInstance -----------------------------------------------------

  async #openPort(): Promise<void> {
    const port = await this.#open(this.ctx.config.port);
    const cable = this.val("cable");
    if (cable && cable.toLowerCase() === ALT_CABLE_1.toLowerCase()) {
      try {
        await port.setLines({ dtr: true });
      } catch {
        port.close();
        throw new Error(
          `apc_ser_set: ser_set_dtr(${this.ctx.config.port}) failed`,
        );
      }
      try {
        await port.setLines({ rts: false });
      } catch {
        port.close();
        throw new Error(
          `apc_ser_set: ser_set_rts(${this.ctx.config.port}) failed`,
        );
      }
    }
    await port.flush();
    this.link.port = port;
    this.link.reset();
  }

  /** upsdrv_initups: option checks and the port. */
  async initups(): Promise<void> {
    if (this.link.port) return;
    for (const [opt, re] of Object.entries(OPTION_FORMATS)) {
      const v = this.val(opt);
      if (v !== undefined && !re.test(v)) {
        throw new Error(`invalid value (${v}) for option '${opt}'`);
      }
    }
    try {
      await this.#openPort();
    } catch (e) {
      if (e instanceof PortOpenError) {
        this.ctx.log.error(e.details);
        throw new Error(e.message);
      }
      throw e;
    }
  }

  async init(): Promise<void> {
    await this.initups();
    const port = this.ctx.config.port;
    if (!(await this.smartmode(5))) {
      throw new Error(
        `unable to detect an APC Smart protocol UPS on port ${port}\ncheck the cabling, port name or model name and try again`,
      );
    }
    if (!(await this.#getbaseinfo())) {
      throw new Error(`Problems with communicating APC UPS on port ${port}\n`);
    }
    this.ctx.state.set("ups.mfr", "APC");
    this.#ok();
  }

  #ok(): void {
    this.#stale = false;
    this.ctx.state.dataOk();
  }

  #staleNow(): void {
    this.#stale = true;
    this.ctx.state.dataStale();
  }

  /** Runs `fn` after every earlier link user has finished. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  update(): Promise<void> {
    return this.#serial(() => this.#update());
  }

  async #update(): Promise<void> {
    if (this.#stale) {
      if (!this.#lastWorked) {
        this.ctx.log.debug(1, "upsdrv_updateinfo: comm lost");
      }
      this.#lastFull = 0;
      if (++this.#lastWorked < 10) return this.#staleNow();
      if (this.link.lost) await this.#reopen();
      if (!(await this.smartmode(1))) return this.#staleNow();
      this.#lastWorked = 0;
    }
    if (!(await this.#updateStatus())) return this.#staleNow();
    const now = Date.now();
    const all = now - this.#lastFull > 3600_000;
    if (all) this.#lastFull = now;
    for (const vt of this.vars) {
      if (!all && !(vt.def.flags & VF.POLL)) continue;
      if (!(await this.pollVar(vt))) return this.#staleNow();
    }
    this.#ok();
  }

  async #reopen(): Promise<void> {
    this.link.port?.close();
    this.link.port = undefined;
    try {
      await this.#openPort();
      this.link.lost = false;
      this.ctx.log.notice(`Reopened ${this.ctx.config.port}`);
    } catch {
      // still gone; the next nudge tries again
    }
  }

  async shutdown(): Promise<CommandResult> {
    await this.initups();
    return await this.#sd.killpower();
  }

  /** Status byte from `Q` (do_cal), or null. */
  async readStatus(): Promise<number | null> {
    await this.link.flush(SER.AA);
    if (await this.link.write("Q") !== 1) return null;
    const r = await this.link.read(SER.AA);
    if (r.n < 1 || r.text === "NA") return null;
    return strtol16(r.text);
  }

  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#serial(() => this.#instcmd(cmd, param));
  }

  async #instcmd(cmd: string, param?: string): Promise<CommandResult> {
    const lc = cmd.toLowerCase();
    const ct = this.cmds.find((c) =>
      c.def.name === lc &&
      (c.def.ext ? c.def.ext.test(param ?? "") : param === undefined)
    );
    const shown = param !== undefined ? `${cmd} ${param}` : cmd;
    if (!ct) {
      this.ctx.log.warn(`instcmd: unknown command [${shown}]`);
      return "invalid";
    }
    if (!(ct.flags & PRESENT)) {
      this.ctx.log.warn(
        `instcmd: command [${shown}] recognized, but not supported by your UPS model`,
      );
      return "invalid";
    }
    if ((ct.def.flags & CF.NASTY) && !this.#chktime(ct.def, param)) {
      return "handled";
    }
    switch (lc) {
      case "calibrate.start":
        return await this.#sd.calibrate(true);
      case "calibrate.stop":
        return await this.#sd.calibrate(false);
      case "load.on":
        return await this.#sd.loadOn();
      case "load.off":
        return await this.#sd.cmdZ();
      case "shutdown.stayoff":
        return await this.#sd.cmdK();
      case "shutdown.return":
        if (!param) return await this.#sd.cmdS();
        if (param[0]!.toUpperCase() === "A") {
          return await this.#sd.cmdAT(param.slice(3));
        }
        return await this.#sd.cmdCS();
    }
    return await this.#sd.doCmd(ct.def);
  }

  /** instcmd_chktime: nasty commands count only when repeated in 3..15 s. */
  #chktime(ct: ApcCmdDef, param?: string): boolean {
    const now = Math.floor(Date.now() / 1000);
    const elapsed = now - this.#lastNasty;
    this.#lastNasty = now;
    if (elapsed < 3 || elapsed > 15) {
      this.ctx.log.debug(
        1,
        `instcmd_chktime: outside window for [${ct.name} ${
          param ?? ""
        }] (${elapsed})`,
      );
      return false;
    }
    return true;
  }

  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#serial(() => this.#setvar(name, value));
  }

  async #setvar(name: string, value: string): Promise<CommandResult> {
    const vt = this.#lookupName(name);
    if (!vt) return "unknown";
    if (!(vt.flags & RW)) {
      this.ctx.log.warn(`setvar: [${name}] is not writable`);
      return "unknown";
    }
    if (vt.flags & ENUM) return await setEnum(this, vt, value);
    if (vt.def.flags & VF.STRING) return await setString(this, vt, value);
    this.ctx.log.warn(`setvar: unknown type for [${name}]`);
    return "unknown";
  }

  close(): Promise<void> {
    return this.#serial(() => this.#close());
  }

  async #close(): Promise<void> {
    if (!this.link.port) return;
    await this.link.flush(0);
    await this.link.write("R");
    await this.link.read(SER.TO);
    this.link.port?.close();
    this.link.port = undefined;
  }
}
