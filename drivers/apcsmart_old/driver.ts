/**
 * apcsmart-old: NUT 2.8.0's `apcsmart-old` 2.2 (APC Smart protocol, the
 * pre-3.0 apcsmart). Byte level from apcsmart's ApcLink with this
 * driver's own ignore/alert sets. Start-up: `Y` until `SM`, firmware
 * (`V`, else `b`) against the table of units that cannot answer `a`, else
 * `a`'s command characters (each known variable read once, each command
 * registered) and `^Z`'s settings as enums; `a` answered NA means an old
 * unit (model, Matrix test, serial, input voltage, status). Each poll
 * reads `Q` (alerts handled), then every polled variable, or all of them
 * once an hour. Dangerous commands run when repeated within 3-15 s.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { ApcLink, SER, sleep } from "../apcsmart/link.ts";
import { convertData } from "../apcsmart/tables.ts";
import {
  OLD_CMDTAB,
  OLD_COMPAT,
  OLD_SETS,
  OLD_VARTAB,
  oldStatus,
  type OldVar,
} from "./tables.ts";
import { oldShutdown } from "./shutdown.ts";
import { oldInstcmd, oldSetvar } from "./commands.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const APCSMART_OLD_VARS: readonly DriverVar[] = [
  { name: "cable", kind: "value", desc: "Specify alternate cable (940-0095B)" },
  { name: "wugrace", kind: "value", desc: "Hard hibernate's wakeup grace" },
  {
    name: "sdtype",
    kind: "value",
    desc: "Specify simple shutdown method (0-6)",
  },
  { name: "advorder", kind: "value", desc: "Enable advanced shutdown control" },
];

/** Opens the port (tests may pass their own). */
export type OldPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** An apcsmart-old instance. */
export class ApcSmartOldDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: ApcLink;
  #open: OldPortOpener;
  status = 0;
  /** variables the unit answers (APC_PRESENT) */
  readonly present = new Set<string>();
  /** variables with a capability list (APC_RW|APC_ENUM) or 8-char strings */
  readonly writable = new Map<string, "enum" | "string">();
  readonly commands = new Set<string>();
  #lastFull = 0;
  /** when the last dangerous command was asked (s; instcmd_chktime) */
  lastNasty = 0;
  #quirkCaps = false;
  #stale = true; // NUT starts stale until a dataok
  #busy: Promise<unknown> = Promise.resolve();

  /** One exchange at a time: polls, commands and SETs never interleave. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** dstate_datastale, remembered for the next poll's smart-mode check. */
  markStale(): void {
    this.#stale = true;
    this.ctx.state.dataStale();
  }

  /** dstate_dataok. */
  markOk(): void {
    this.#stale = false;
    this.ctx.state.dataOk();
  }

  constructor(ctx: DriverContext, open: OldPortOpener = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
    this.link = new ApcLink(ctx.log);
    this.link.onAlert = (ch) => this.#alert(ch);
  }

  /** A line under the reply ignore set (ser_get_line, IGNCHARS, 3 s). */
  readLine(sets: { ignore: string; alert: string } = OLD_SETS.ign) {
    return this.link.read(SER.D3 | SER.TO, sets);
  }

  /** read_buf: a line, alerts handled; a timeout is a comm failure. */
  async readBuf() {
    const r = await this.link.read(SER.D3, OLD_SETS.poll);
    return r;
  }

  /** ser_send_char. */
  send(ch: string): Promise<number> {
    return this.link.write(ch);
  }

  #alert(ch: string): void {
    const s = this.status;
    this.status = ({
      "!": (s & ~0x08) | 0x10,
      "$": (s & ~0x10) | 0x08,
      "%": s | 0x40,
      "+": s & ~0x40,
      "#": s | 0x80,
      "?": s | 0x20,
      "=": s & ~0x20,
    } as Record<string, number>)[ch] ?? s;
    this.ctx.state.setStatus(oldStatus(this.status));
  }

  /** upsdrv_initups: 2400 bps; the 940-0095B cable wants DTR on, RTS off. */
  async initups(): Promise<void> {
    if (this.link.port) return;
    this.link.port = await this.#open(this.ctx.config.port);
    await this.link.port.flush();
    const cable = this.ctx.config.values.get("cable");
    if (cable?.toLowerCase() === "940-0095b") {
      await this.link.port.setLines({ dtr: true, rts: false }).catch(() => {});
    }
  }

  /** smartmode: `Y` until `SM`, ESC between tries, five tries. */
  async smartmode(): Promise<boolean> {
    for (let t = 0; t < 5; t++) {
      if (await this.send("Y") !== 1) return false;
      const r = await this.readLine();
      if (r.n > 0 && r.text === "SM") return true;
      await sleep(1000);
      if (await this.send("\x1b") !== 1) return false;
      await this.readLine();
    }
    return false;
  }

  /** poll_data: one variable; false ends the scan (stale). */
  async pollData(vt: OldVar): Promise<boolean> {
    if (!this.present.has(vt.name)) return true;
    const st = this.ctx.state;
    if (await this.send(vt.cmd) !== 1) {
      this.markStale();
      return false;
    }
    const r = await this.readBuf();
    if (r.n < 1) {
      this.markStale();
      return false;
    }
    if (r.text === "NA") {
      st.del(vt.name);
      return true;
    }
    st.set(vt.name, convertData(vt.format, r.text));
    this.markOk();
    return true;
  }

  /** query_ups: support check (`first`) or refresh of one variable. */
  async queryUps(name: string, first: boolean): Promise<boolean> {
    const vt = OLD_VARTAB.find((v) => v.name === name);
    if (!vt || (!first && !this.present.has(name))) return false;
    await this.link.flush(SER.AA);
    if (await this.send(vt.cmd) !== 1) return false;
    const r = await this.link.read(SER.D3 | SER.TO, OLD_SETS.poll);
    if (r.n < 1 && !first) {
      this.link.commFail("timeout");
      return false;
    }
    if (r.n < 1 || r.text === "NA") return false;
    this.present.add(name);
    this.ctx.state.set(name, convertData(vt.format, r.text));
    return true;
  }

  /** protocol_verify: a command character of the unit. */
  async verify(ch: string): Promise<void> {
    const st = this.ctx.state;
    const vt = OLD_VARTAB.find((v) => v.cmd === ch);
    if (vt) {
      this.present.add(vt.name);
      await this.pollData(vt);
      if (vt.string) {
        st.setFlags(vt.name, ["RW", "STRING"]);
        st.setAux(vt.name, 8);
        this.writable.set(vt.name, "string");
      }
      return;
    }
    for (const ct of OLD_CMDTAB) {
      if (ct.cmd !== ch) continue;
      st.addCmd(ct.name);
      this.commands.add(ct.name);
    }
  }

  /** firmware_table_lookup: true when the firmware's command set is known. */
  async #firmwareTable(): Promise<boolean> {
    if (await this.send("V") !== 1) return false;
    let r = await this.readLine();
    if (r.n < 1 || r.text === "NA") {
      if (await this.send("b") !== 1) return false;
      r = await this.readLine();
      if (r.n < 1) return false;
    }
    if (r.text === "451.2.I") {
      this.#quirkCaps = true;
      return false;
    }
    const cmds = OLD_COMPAT[r.text];
    if (cmds === undefined) return false;
    this.ctx.state.set(
      "ups.model",
      /^[05]/.test(r.text) ? "Matrix-UPS" : "Smart-UPS",
    );
    for (const ch of cmds) await this.verify(ch);
    return true;
  }

  /** do_capabilities: `^Z` settings as enums of writable variables. */
  async #capabilities(): Promise<void> {
    const st = this.ctx.state, log = this.ctx.log;
    const fw = st.tree.get("ups.firmware");
    const upsloc = fw ? fw.at(-1) : undefined;
    if (await this.send("\x1a") !== 1) return;
    const r = await this.readLine(OLD_SETS.minign);
    if (r.n < 1 || r.text === "NA") {
      log.error("ERROR: APC cannot do capabilities but said it could!");
      return;
    }
    const t = r.text;
    if (t[0] !== "#") {
      log.error(`ERROR: unknown capability start char ${t[0]}!`);
      return;
    }
    const matrix = t[1] === "#";
    let p = matrix ? 0 : 1;
    while (p < t.length) {
      if (matrix) p += 2;
      if (p >= t.length) {
        if (this.#quirkCaps) return;
        throw new DriverFatalError(
          "Capability string has overflowed\nPlease report this error\nERROR: capability overflow!",
        );
      }
      const cmd = t[p]!, loc = t[p + 1];
      const n = (t.charCodeAt(p + 2) || 0) - 48,
        len = (t.charCodeAt(p + 3) || 0) - 48;
      if (n < 0 || len < 0) {
        throw new DriverFatalError(
          "nument or entlen out of range\nPlease report this error\nERROR: capability overflow!",
        );
      }
      const vt = OLD_VARTAB.find((v) => v.cmd === cmd);
      const valid = vt !== undefined && (loc === upsloc || loc === "4");
      if (valid) {
        st.setFlags(vt.name, ["RW"]);
        this.writable.set(vt.name, "enum");
      }
      let e = p + 4;
      for (let i = 0; i < n; i++, e += len) {
        if (valid) {
          st.addEnum(vt.name, convertData(vt.format, t.slice(e, e + len)));
        }
      }
      p = e;
    }
  }

  /** getbaseinfo. */
  async #baseInfo(): Promise<void> {
    if (await this.#firmwareTable()) return;
    if (await this.send("a") !== 1) return;
    const r = await this.readLine();
    if (r.n < 1 || r.text === "NA") {
      // oldapcsetup: a unit from before the command set
      if (!await this.queryUps("ups.model", true)) {
        this.ctx.state.set("ups.model", "Smart-UPS");
      }
      if (await this.queryUps("output.current", true)) {
        this.ctx.state.set("ups.model", "Matrix-UPS");
      }
      await this.queryUps("ups.serial", true);
      await this.queryUps("input.voltage", true);
      await this.updateStatus();
      return;
    }
    const parts = r.text.split(".");
    if (parts.length < 2) {
      throw new DriverFatalError("Unable to split APC version string");
    }
    if (parts.length < 3) {
      throw new DriverFatalError("Unable to find APC command string");
    }
    const cmds = parts.slice(2).join(".");
    for (const ch of cmds) await this.verify(ch);
    if (cmds.includes("\x1a")) await this.#capabilities();
  }

  /** upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    if (!await this.smartmode()) {
      throw new DriverFatalError(
        `Unable to detect an APC Smart protocol UPS on port ${this.ctx.config.port}\nCheck the cabling, port name or model name and try again`,
      );
    }
    this.ctx.state.set("ups.mfr", "APC");
    await this.#baseInfo();
  }

  /** update_status: `Q`. */
  async updateStatus(): Promise<boolean> {
    const st = this.ctx.state;
    await this.link.flush(0);
    if (await this.send("Q") !== 1) {
      this.markStale();
      return false;
    }
    const r = await this.readBuf();
    if (r.n < 1 || r.text === "NA") {
      this.markStale();
      return false;
    }
    this.status = hexStatus(r.text) & 0xff;
    st.setStatus(oldStatus(this.status));
    this.markOk();
    return true;
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    if (this.#stale && !await this.smartmode()) {
      this.link.commFail("Communications with UPS lost - check cabling");
      this.#lastFull = 0;
      return;
    }
    this.link.commGood();
    if (!await this.updateStatus()) return;
    const now = Date.now() / 1000;
    const all = now - this.#lastFull > 3600;
    if (all) this.#lastFull = now;
    for (const vt of OLD_VARTAB) {
      if (!all && !vt.poll) continue;
      if (!await this.pollData(vt)) return;
    }
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#exclusive(() => oldInstcmd(this, cmd, param));
  }

  /** upsdrv_setvar. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(() => oldSetvar(this, name, value));
  }

  /** upsdrv_shutdown. */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    await oldShutdown(this);
    return "handled";
  }

  /** upsdrv_cleanup: back to dumb mode. */
  async close(): Promise<void> {
    if (!this.link.port) return;
    await this.send("R");
    this.link.port.close();
    this.link.port = undefined;
  }
}

/** strtol(s, 0, 16) of a status answer. */
export function hexStatus(s: string): number {
  const m = /^\s*(0[xX])?([0-9a-fA-F]+)/.exec(s);
  return m ? parseInt(m[2]!, 16) : 0;
}
