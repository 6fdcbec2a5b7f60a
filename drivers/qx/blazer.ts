/**
 * The legacy Megatec/Q1 driver core (NUT's blazer.c, used by blazer_ser):
 * not table driven, ups.mfr/ups.model instead of device.*, ondelay in
 * minutes, its own protocol probe (megatec, mustek, megatec/old, zinto)
 * and battery guesstimation, the commands built by hand.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { type LineTransport, PortOpenError } from "../../src/transport/mod.ts";
import { CABLEPOWER, openSerialPort, type PortOpener } from "./driver.ts";
import { type QxCommand, serialCommand } from "./engine.ts";
import { fixedC, onlyChars, sprintf, strtod, strtol } from "./item.ts";

const MAXTRIES = 3;

/** blazer.c's command[] table: protocol name, status, rating, vendor. */
const PROTOCOLS = [
  ["megatec", "Q1\r", "F\r", "I\r"],
  ["mustek", "QS\r", "F\r", "I\r"],
  ["megatec/old", "D\r", "F\r", "I\r"],
  ["zinto", "Q1\r", "F\r", "FW?\r"],
] as const;

const PACKS = [120, 100, 80, 60, 48, 36, 30, 24, 18, 12, 8, 6, 4, 3, 2, 1, 0.5];

/** The INSTCMD table of blazer.c (fixed strings). */
const FIXED_CMDS: Record<string, string> = {
  "beeper.toggle": "Q\r",
  "load.off": "S00R0000\r",
  "load.on": "C\r",
  "shutdown.stop": "C\r",
  "test.battery.start.deep": "TL\r",
  "test.battery.start.quick": "T\r",
  "test.battery.stop": "CT\r",
};

/** The commands blazer_initinfo advertises. */
const COMMANDS = [
  "beeper.toggle",
  "load.off",
  "load.on",
  "shutdown.return",
  "shutdown.stayoff",
  "shutdown.stop",
  "test.battery.start",
  "test.battery.start.deep",
  "test.battery.start.quick",
  "test.battery.stop",
];

/** One blazer_ser instance. */
export class BlazerDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: PortOpener;
  #port: LineTransport | undefined;
  #cmd: QxCommand;
  #proto = -1;
  #ondelay = 3;
  #offdelay = 30;
  #online = true;
  #retry = 0;
  #lastpoll = 0;
  #batt = {
    packs: 1,
    runtNom: -1,
    runtEst: 0,
    runtExp: 0,
    voltAct: -1,
    voltHigh: -1,
    voltNom: -1,
    voltLow: -1,
    chrgAct: -1,
    chrgTime: 43200,
  };
  #load = { act: 0, low: 0.1, eff: 1 };
  readonly now: () => number;

  constructor(
    ctx: DriverContext,
    open: PortOpener = openSerialPort,
    now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.now = now;
    this.#cmd = serialCommand(() => this.#port);
  }

  #getval(name: string): string | undefined {
    return this.ctx.config.values.get(name);
  }
  #testvar(name: string): boolean {
    return this.ctx.config.flags.has(name) ||
      this.ctx.config.values.has(name);
  }

  async #command(cmd: string): Promise<string> {
    try {
      return (await this.#cmd(cmd)) ?? "";
    } catch (e) {
      this.ctx.log.warn(
        `Lost contact with the UPS on ${this.ctx.config.port}: ${
          e instanceof Error ? e.message : e
        }`,
      );
      this.#port?.close();
      this.#port = undefined;
      return "";
    }
  }

  /**
   * upsdrv_initups + blazer_initups: the port and the delays, no probe (the
   * protocol is found in init()); all `-k` runs before shutdown().
   */
  async initups(): Promise<void> {
    if (this.#port) return;
    const val = this.#getval("cablepower");
    const lines = val === undefined
      ? CABLEPOWER.normal
      : CABLEPOWER[val.toLowerCase()];
    if (!lines) throw new Error(`Value '${val}' not valid for 'cablepower'`);
    try {
      this.#port = await this.#open(this.ctx.config.port);
    } catch (e) {
      if (e instanceof PortOpenError) {
        this.ctx.log.error(e.details);
        throw new Error("Fatal error: unusable configuration");
      }
      throw e;
    }
    try {
      await this.#port.setLines({ dtr: lines[0], rts: lines[1] });
    } catch {
      // a pty has no modem lines
    }
    await new Promise((r) => setTimeout(r, 100));
    const on = this.#getval("ondelay");
    if (on !== undefined) this.#ondelay = strtol(on);
    if (this.#ondelay < 0 || this.#ondelay > 9999) {
      throw new Error(
        `Start delay '${this.#ondelay}' out of range [0..9999]`,
      );
    }
    const off = this.#getval("offdelay");
    if (off !== undefined) this.#offdelay = strtol(off);
    if (this.#offdelay < 12 || this.#offdelay > 600) {
      throw new Error(
        `Shutdown delay '${this.#offdelay}' out of range [12..600]`,
      );
    }
    this.#offdelay -= this.#offdelay < 60
      ? this.#offdelay % 6
      : this.#offdelay % 60;
    const st = this.ctx.state.tree;
    const hi = st.get("battery.voltage.high");
    if (hi !== undefined) this.#batt.voltHigh = strtod(hi);
    const lo = st.get("battery.voltage.low");
    if (lo !== undefined) this.#batt.voltLow = strtod(lo);
  }

  #battery(text: string): number {
    const b = this.#batt;
    b.voltAct = b.packs * strtod(text);
    if (
      (this.#getval("runtimecal") === undefined ||
        this.ctx.state.tree.get("battery.charge") === undefined) &&
      b.voltLow > 0 && b.voltHigh > b.voltLow
    ) {
      b.chrgAct = Math.min(
        100,
        Math.max(0, 100 * (b.voltAct - b.voltLow) / (b.voltHigh - b.voltLow)),
      );
      this.ctx.state.set("battery.charge", fixedC(b.chrgAct, 0));
    }
    return b.voltAct;
  }

  #loadOf(text: string): number {
    const l = this.#load;
    l.act = strtod(text);
    l.eff = Math.pow(l.act / 100, this.#batt.runtExp);
    if (l.eff < l.low) l.eff = l.low;
    return l.act;
  }

  #packs(text: string): number {
    const b = this.#batt;
    b.voltNom = strtod(
      this.ctx.state.tree.get("battery.voltage.nominal") ?? text,
    );
    for (const p of PACKS) {
      if (p * b.voltAct > 1.2 * b.voltNom) continue;
      if (p * b.voltAct < 0.8 * b.voltNom) {
        this.ctx.log.info(
          `Can't autodetect number of battery packs [${fixedC(b.voltNom, 0)}/${
            fixedC(b.voltAct, 2)
          }]`,
        );
        break;
      }
      b.packs = p;
      break;
    }
    return b.voltNom;
  }

  /** Whitespace tokens after the lead char, as strtok(" ") then " \r\n". */
  #fields(buf: string): string[] {
    return buf.slice(1).split(/[ \r\n]+/).filter((t) => t !== "");
  }

  /** blazer_status: 0 ok, -1 failure. */
  async #status(cmd: string): Promise<number> {
    const buf = await this.#command(cmd);
    if (buf.length < 46 || buf[0] !== "(") return -1;
    const f = this.#fields(buf.replace(/\0.*$/s, ""));
    const rows: Array<[string, string, (v: string) => number]> = [
      ["input.voltage", "%.1f", strtod],
      ["input.voltage.fault", "%.1f", strtod],
      ["output.voltage", "%.1f", strtod],
      ["ups.load", "%.0f", (v) => this.#loadOf(v)],
      ["input.frequency", "%.1f", strtod],
      ["battery.voltage", "%.2f", (v) => this.#battery(v)],
      ["ups.temperature", "%.1f", strtod],
    ];
    const st = this.ctx.state;
    for (let i = 0; i < rows.length; i++) {
      const val = f[i];
      if (val === undefined) return -1;
      if (!onlyChars(val, "0123456789.")) continue;
      const [name, fmt, conv] = rows[i]!;
      st.set(name, sprintf(fmt, conv(val)));
    }
    const bits = f[rows.length];
    if (bits === undefined) return -1;
    if (!/^[01]{8}(?![01])/.test(bits)) return -1;
    st.set("ups.beeper.status", bits[7] === "1" ? "enabled" : "disabled");
    st.set(
      "ups.type",
      bits[4] === "1" ? "offline / line interactive" : "online",
    );
    const status: string[] = [];
    this.#online = bits[0] !== "1";
    status.push(this.#online ? "OL" : "OB");
    if (bits[1] === "1") status.push("LB");
    if (bits[2] === "1") {
      const vi = strtod(st.tree.get("input.voltage")),
        vo = strtod(st.tree.get("output.voltage"));
      if (vo < 0.5 * vi) { /* too low: nothing */ }
      else if (vo < 0.95 * vi) status.push("TRIM");
      else if (vo < 1.05 * vi) status.push("BYPASS");
      else if (vo < 1.5 * vi) status.push("BOOST");
    }
    if (bits[5] === "1") status.push("CAL");
    const alarms: string[] = [];
    if (bits[3] === "1") alarms.push("UPS selftest failed!");
    if (bits[6] === "1") {
      alarms.push("Shutdown imminent!");
      status.push("FSD");
    }
    st.setAlarms(alarms);
    st.setStatus(status);
    return 0;
  }

  /** blazer_rating. */
  async #rating(cmd: string): Promise<number> {
    const buf = await this.#command(cmd);
    if (buf.length < 22 || buf[0] !== "#") return -1;
    const f = this.#fields(buf);
    const rows: Array<[string, string, (v: string) => number]> = [
      ["input.voltage.nominal", "%.0f", strtod],
      ["input.current.nominal", "%.1f", strtod],
      ["battery.voltage.nominal", "%.1f", (v) => this.#packs(v)],
      ["input.frequency.nominal", "%.0f", strtod],
    ];
    for (let i = 0; i < rows.length; i++) {
      const val = f[i];
      if (val === undefined) return -1;
      if (!onlyChars(val, "0123456789.")) continue;
      const [name, fmt, conv] = rows[i]!;
      this.ctx.state.set(name, sprintf(fmt, conv(val)));
    }
    return 0;
  }

  /** blazer_vendor: fixed-width fields, right-trimmed. */
  async #vendor(cmd: string): Promise<number> {
    const buf = await this.#command(cmd);
    if (buf.length < 39 || buf[0] !== "#") return -1;
    let index = 1;
    for (
      const [name, len] of [["ups.mfr", 15], ["ups.model", 10], [
        "ups.firmware",
        10,
      ]] as const
    ) {
      const v = buf.substr(index, len).split("\0")[0]!.replace(/ +$/, "");
      this.ctx.state.set(name, v);
      index += len + 1;
    }
    return 0;
  }

  /** blazer_initbattery. */
  #initbattery(): void {
    const b = this.#batt, log = this.ctx.log, st = this.ctx.state;
    if (b.voltNom !== 1 && (b.voltHigh === -1 || b.voltLow === -1)) {
      log.info(
        "No values provided for battery high/low voltages in ups.conf\n",
      );
      b.voltLow = 104 * b.voltNom / 120;
      b.voltHigh = 130 * b.voltNom / 120;
      st.set("battery.voltage.low", fixedC(b.voltLow, 2));
      st.set("battery.voltage.high", fixedC(b.voltHigh, 2));
      log.info(
        `Using 'guestimation' (low: ${b.voltLow.toFixed(6)}, high: ${
          b.voltHigh.toFixed(6)
        })!`,
      );
    }
    const cal = this.#getval("runtimecal");
    if (cal === undefined) {
      log.info("Battery runtime will not be calculated (runtimecal not set)");
      return;
    }
    this.#lastpoll = this.now();
    const p = cal.split(",").slice(0, 4).map((s) => Number.parseFloat(s));
    if (p.length < 4 || p.some((n) => Number.isNaN(n))) {
      throw new Error("Insufficient parameters for runtimecal");
    }
    const [rh, lh, rl, ll] = p as [number, number, number, number];
    if (rl < rh || rh <= 0) throw new Error("Parameter out of range (runtime)");
    if (lh > 100 || ll > lh || ll <= 0) {
      throw new Error("Parameter out of range (load)");
    }
    b.runtExp = Math.log(rl / rh) / Math.log(lh / ll);
    b.runtNom = rh * Math.pow(lh / 100, b.runtExp);
    if (b.chrgAct < 0) {
      b.voltLow = b.voltNom;
      b.voltHigh = 1.15 * b.voltNom;
      this.#battery(st.tree.get("battery.voltage") ?? "");
    }
    const charge = st.tree.get("battery.charge");
    if (charge === undefined) {
      throw new Error("Initial battery charge undetermined");
    }
    b.runtEst = b.runtNom * strtod(charge) / 100;
    const ct = this.#getval("chargetime");
    if (ct !== undefined) {
      b.chrgTime = strtol(ct);
      if (b.chrgTime <= 0) throw new Error("Charge time out of range [1..s]");
    } else {
      log.info(
        `No charge time specified, using built in default [${b.chrgTime} seconds]`,
      );
    }
    const idle = this.#getval("idleload");
    if (idle !== undefined) {
      this.#load.low = strtod(idle) / 100;
      if (this.#load.low <= 0 || this.#load.low > 1) {
        throw new Error("Idle load out of range [0..100]");
      }
    } else {
      log.info(
        `No idle load specified, using built in default [${
          (100 * this.#load.low).toFixed(1)
        } %]`,
      );
    }
  }

  async init(): Promise<void> {
    await this.initups();
    const log = this.ctx.log;
    log.info(
      "Please note that this driver is deprecated and will not receive\n" +
        "new development. If it works for managing your devices - fine,\n" +
        "but if you are running it to try setting up a new device, please\n" +
        "consider the newer nutdrv_qx instead, which should handle all 'Qx'\n" +
        "protocol variants for NUT. (Please also report if your device works\n" +
        "with this driver, but nutdrv_qx would not actually support it with\n" +
        "any subdriver!)\n",
    );
    const protocol = this.#getval("protocol");
    this.#proto = -1;
    for (let i = 0; i < PROTOCOLS.length; i++) {
      const [name, status] = PROTOCOLS[i]!;
      if (protocol !== undefined && protocol.toLowerCase() !== name) continue;
      let ret = -1;
      for (let r = 1; r <= MAXTRIES && ret < 0; r++) {
        ret = await this.#status(status);
      }
      if (ret === 0) {
        log.info(`Supported UPS detected with ${name} protocol`);
        this.#proto = i;
        break;
      }
    }
    if (this.#proto < 0) throw new Error("No supported UPS detected");
    const [, , rating, vendor] = PROTOCOLS[this.#proto]!;
    if (!this.#testvar("norating")) {
      let ret = -1;
      for (let r = 1; r <= MAXTRIES && ret < 0; r++) {
        ret = await this.#rating(rating);
      }
      if (ret) log.debug(1, "Rating information unavailable");
    }
    if (!this.#testvar("novendor")) {
      let ret = -1;
      for (let r = 1; r <= MAXTRIES; r++) {
        ret = await this.#vendor(vendor);
        if (ret < 0) continue;
        log.info(`Vendor information read in ${r} tries`);
        break;
      }
      if (ret) log.debug(1, "Vendor information unavailable");
    }
    this.#initbattery();
    const st = this.ctx.state;
    st.set("ups.delay.start", String(60 * this.#ondelay));
    st.set("ups.delay.shutdown", String(this.#offdelay));
    for (const c of COMMANDS) st.addCmd(c);
  }

  async update(): Promise<void> {
    if (!this.#port) {
      try {
        this.#port = await this.#open(this.ctx.config.port);
      } catch { /* still gone: the status read below fails */ }
    }
    if (await this.#status(PROTOCOLS[this.#proto]![1])) {
      if (this.#retry < MAXTRIES) this.#retry++;
      else if (this.#retry === MAXTRIES) {
        this.ctx.log.warn(
          "Communications with UPS lost: status read failed!",
        );
        this.#retry++;
      } else this.ctx.state.dataStale();
      return;
    }
    if (this.#getval("runtimecal") !== undefined) {
      const now = this.now(), b = this.#batt, dt = now - this.#lastpoll;
      if (this.#online) {
        b.runtEst = Math.min(
          b.runtNom,
          b.runtEst + b.runtNom * dt / b.chrgTime,
        );
      } else {
        b.runtEst = Math.max(0, b.runtEst - this.#load.eff * dt);
      }
      this.ctx.state.set(
        "battery.charge",
        fixedC(100 * b.runtEst / b.runtNom, 0),
      );
      this.ctx.state.set(
        "battery.runtime",
        fixedC(b.runtEst / this.#load.eff, 0),
      );
      this.#lastpoll = now;
    }
    if (this.#retry > MAXTRIES) {
      this.ctx.log.notice("Communications with UPS re-established");
    }
    this.#retry = 0;
    this.ctx.state.dataOk();
  }

  /** The shutdown / test command text of blazer_instcmd. */
  #built(lc: string, extra?: string): string | CommandResult {
    const off = this.#offdelay, on = this.#ondelay;
    const offText = off < 60
      ? `.${Math.trunc(off / 6)}`
      : sprintf("%02d", Math.trunc(off / 60));
    if (lc === "shutdown.return") {
      return on === 0
        ? `S${offText}\r`
        : `S${offText}R${sprintf("%04d", on)}\r`;
    }
    if (lc === "shutdown.stayoff") return `S${offText}R0000\r`;
    if (lc === "test.battery.start") {
      const delay = extra !== undefined ? strtol(extra) : 10;
      if (delay < 1 || delay > 99) {
        this.ctx.log.error(
          `instcmd: command [${lc}] failed, delay [${extra}] out of range`,
        );
        return "failed";
      }
      return `T${sprintf("%02d", delay)}\r`;
    }
    return "unknown";
  }

  async instcmd(cmdname: string, extra?: string): Promise<CommandResult> {
    const log = this.ctx.log;
    log.info(`instcmd(${cmdname}, ${extra ?? "[NULL]"})`);
    const lc = cmdname.toLowerCase();
    let buf = FIXED_CMDS[lc];
    if (buf === undefined) {
      const b = this.#built(lc, extra);
      if (b === "unknown") {
        log.error(`instcmd: command [${cmdname}] not found`);
        return "unknown";
      }
      if (b === "failed") return "failed";
      buf = b as string;
    }
    // an invalid command is echoed back; success is (ACK, or ACK on Best units
    const reply = await this.#command(buf);
    if (
      reply.length > 0 && !reply.startsWith("ACK") &&
      !reply.startsWith("(ACK")
    ) {
      log.error(`instcmd: command [${cmdname}] failed`);
      return "failed";
    }
    log.info(`instcmd: command [${cmdname}] handled`);
    return "handled";
  }

  async shutdown(): Promise<CommandResult> {
    await this.initups();
    let retry = 1;
    for (; retry <= MAXTRIES; retry++) {
      if ((await this.instcmd("shutdown.stop")) === "handled") break;
    }
    if (retry > MAXTRIES) this.ctx.log.notice("No shutdown pending");
    for (retry = 1; retry <= MAXTRIES; retry++) {
      if ((await this.instcmd("shutdown.return")) !== "handled") continue;
      this.ctx.log.info(`Shutting down in ${this.#offdelay} seconds`);
      return "handled";
    }
    this.ctx.log.error("Shutdown failed!");
    return "failed";
  }

  close(): Promise<void> {
    const p = this.#port;
    this.#port = undefined;
    if (p) {
      // upsdrv_cleanup drops DTR before closing
      return p.setLines({ dtr: false }).catch(() => {}).then(() => p.close());
    }
    return Promise.resolve();
  }
}
