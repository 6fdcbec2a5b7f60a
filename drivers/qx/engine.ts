/**
 * The Q* engine (nutdrv_qx.c): sends a row's command, checks the answer's
 * length and leading char, cuts the value by offsets, formats it and
 * publishes it; walks the table in init / full / quick modes; instant
 * commands, setvar and the -k shutdown sequence; battery guesstimation.
 *
 * @module
 */
import type { CommandResult, DriverContext } from "../../src/driver/types.ts";
import type { ByteTransport } from "../../src/transport/mod.ts";
import { fromLatin1, PortLostError } from "../../src/transport/mod.ts";
import { Battery } from "./battery.ts";
import {
  type LiveItem,
  onlyChars,
  QX,
  type QxItem,
  type QxSubdriver,
  sprintf,
  strtol,
} from "./item.ts";

/** MAXTRIES of nutdrv_qx.h. */
export const MAXTRIES = 3;
/** Seconds between full polls (DEFAULT_POLLFREQ). */
export const DEFAULT_POLLFREQ = 30;

/** ups_status bits (STATUS(x) in nutdrv_qx.h), in ups_status_set order. */
const STATUS_NAMES = [
  "OL",
  "LB",
  "RB",
  "CHRG",
  "DISCHRG",
  "BYPASS",
  "CAL",
  "OFF",
  "OVER",
  "TRIM",
  "BOOST",
  "FSD",
] as const;

type WalkMode = "init" | "quick" | "full";

/** Sends a command and returns the answer text, or null when nothing usable came. */
export type QxCommand = (cmd: string) => Promise<string | null>;

/** Serial I/O as nutdrv_qx does it: flush, send, read one CR/LF-ended line within `waitMs`. */
export function serialCommand(
  port: () => ByteTransport | undefined,
  waitMs = 1000,
): QxCommand {
  return async (cmd) => {
    const t = port();
    if (!t) return null;
    await t.flush();
    await t.write(cmd);
    const end = Date.now() + waitMs;
    const bytes: number[] = [];
    while (bytes.length < 512) {
      const left = end - Date.now();
      if (left <= 0) break;
      const got = await t.read(left, 512);
      if (got.length === 0) break;
      for (const b of got) {
        bytes.push(b);
        if (b === 13 || b === 10) return fromLatin1(new Uint8Array(bytes));
      }
    }
    // canonical mode never delivers a line without its end: a timeout
    return "";
  };
}

/** One nutdrv_qx instance's protocol state. */
export class QxEngine {
  readonly ctx: DriverContext;
  readonly command: QxCommand;
  subdriver: QxSubdriver | undefined;
  items: LiveItem[] = [];
  status = 0;
  #alarms: string[] = [];
  /** Tokens a preprocess set with status_set() itself (ablerex), in order. */
  #rawStatus: string[] = [];
  readonly battery: Battery;
  dataHasChanged = false;
  lastPoll = 0;
  pollfreq = DEFAULT_POLLFREQ;
  #retry = 0;
  readonly now: () => number;

  constructor(
    ctx: DriverContext,
    command: QxCommand,
    now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.ctx = ctx;
    this.command = command;
    this.now = now;
    this.battery = new Battery(this);
  }

  /** getval(). */
  getval(name: string): string | undefined {
    return this.ctx.config.values.get(name);
  }
  /** testvar(). */
  testvar(name: string): boolean {
    return this.ctx.config.flags.has(name) ||
      this.ctx.config.values.has(name);
  }
  /** dstate_getinfo(). */
  get(name: string): string | undefined {
    return this.ctx.state.tree.get(name);
  }

  /** Uses `sub` (fresh copies of its rows). */
  use(sub: QxSubdriver): void {
    this.subdriver = sub;
    this.items = sub.items.map((i) => ({ ...i, answer: "", value: "" }));
  }

  /** find_nut_info(). */
  find(name: string, flag = 0, noflag = 0): LiveItem | undefined {
    const key = name.toLowerCase();
    return this.items.find((i) =>
      i.name.toLowerCase() === key &&
      (!flag || (i.flags & flag) === flag) &&
      (!noflag || !(i.flags & noflag))
    );
  }

  /** subdriver_matcher(): `protocol=` or probing in list order. */
  async match(list: readonly QxSubdriver[]): Promise<boolean> {
    const protocol = this.getval("protocol");
    for (const sub of list) {
      const short = sub.name.split(" ")[0]!;
      if (protocol && short.toLowerCase() !== protocol.toLowerCase()) continue;
      for (let j = 0; j < MAXTRIES; j++) {
        this.use(sub);
        if (await sub.claim(this)) {
          this.ctx.log.info(`Using protocol: ${sub.name}`);
          return true;
        }
      }
      this.subdriver = undefined;
    }
    this.ctx.log.error("Device not supported!");
    return false;
  }

  /** qx_process_answer(). */
  processAnswer(item: LiveItem, len: number): boolean {
    const sub = this.subdriver!;
    if (
      sub.rejected && item.answer.toLowerCase() === sub.rejected.toLowerCase()
    ) {
      return false;
    }
    if (item.answerLen && len < item.answerLen) return false;
    if (item.leading && item.answer[0] !== item.leading) return false;
    if (item.to && item.to < item.from) return false;
    if (item.answer.length) {
      const n = item.to
        ? 1 + item.to - item.from
        : strcspn(item.answer, "\r") - item.from;
      item.value = item.answer.substr(item.from, Math.max(0, n)).split(
        "\0",
      )[0]!;
    } else {
      item.value = "";
    }
    return true;
  }

  /** qx_process(): false on any failure. */
  async process(item: LiveItem, command?: string): Promise<boolean> {
    let cmd = command ?? item.command ?? "";
    if (item.preprocessCommand) {
      const c = item.preprocessCommand(this, item, cmd);
      if (c === null) return false;
      cmd = c;
    }
    let answer: string | null;
    try {
      answer = await this.command(cmd);
    } catch (e) {
      this.lost(e);
      answer = null;
    }
    item.answer = "";
    if (answer === null) return false;
    item.answer = answer;
    let len = answer.length;
    if (item.preprocessAnswer) {
      const a = item.preprocessAnswer(this, item, answer);
      if (a === null) {
        item.answer = "";
        return false;
      }
      item.answer = a;
      len = a.length;
    }
    return this.processAnswer(item, len);
  }

  /** Called with I/O errors; the driver reopens the port. */
  onLost: (e: unknown) => void = () => {};
  lost(e: unknown): void {
    if (e instanceof PortLostError || e instanceof Error) this.onLost(e);
  }

  /** ups_infoval_set(): -1 error, 0 status/alarm handled, 1 published. */
  infovalSet(item: LiveItem): -1 | 0 | 1 {
    let value: string;
    if (item.preprocess) {
      const v = item.preprocess(this, item, "");
      if (v === null) return -1;
      value = v;
      if (item.name.toLowerCase().startsWith("ups.status")) {
        if (value) this.updateStatus(value);
        return 0;
      }
      if (item.name.toLowerCase().startsWith("ups.alarm")) {
        if (value) this.#alarms.push(value);
        return 0;
      }
    } else {
      value = item.value;
      if (item.flags & QX.TRIM) value = trimChars(value, "# ");
      if ((item.dfl ?? "").toLowerCase() !== "%s") {
        if (!onlyChars(value, "0123456789 .")) return -1;
        value = sprintf(item.dfl ?? "", Number(strtodOf(value)));
      }
    }
    if (item.flags & QX.NONUT) {
      this.ctx.log.info(`${item.name}: ${value}`);
      return 1;
    }
    if (!value) return -1;
    this.ctx.state.set(item.name, value);
    if (item.name.toLowerCase() === "battery.charge") {
      this.battery.chargeAct = strtol(value);
    } else if (item.name.toLowerCase() === "battery.runtime") {
      this.battery.runtimeAct = strtol(value);
    }
    return 1;
  }

  /** update_status(): "X" sets, "!X" clears. */
  updateStatus(value: string): void {
    const clear = value.startsWith("!");
    const name = (clear ? value.slice(1) : value).toUpperCase();
    const i = STATUS_NAMES.indexOf(name as typeof STATUS_NAMES[number]);
    if (i < 0) return;
    if (clear) this.status &= ~(1 << i);
    else this.status |= 1 << i;
  }

  /** True when the status bit `name` is set. */
  has(name: typeof STATUS_NAMES[number]): boolean {
    return !!(this.status & (1 << STATUS_NAMES.indexOf(name)));
  }

  /** qx_set_var(): flags, aux, enums, ranges of a settable row. */
  setVar(item: QxItem): void {
    const nonut = item.flags & QX.NONUT;
    const st = this.ctx.state;
    if (!nonut) {
      const flags: Array<"RW" | "STRING"> = [];
      if (item.rw) flags.push("RW");
      if (item.string) flags.push("STRING");
      st.setFlags(item.name, flags);
    }
    if (item.string && !nonut) {
      st.setAux(item.name, strtol(item.rwValues?.[0]));
    }
    const values = this.rwValues(item);
    if (item.flags & QX.ENUM) {
      if (nonut) {
        this.ctx.log.info(
          `${item.name}, settable values:${
            values.length ? " " + values.join(" ") : " none"
          }`,
        );
      } else for (const v of values) st.addEnum(item.name, v);
    }
    if (item.flags & QX.RANGE) {
      let ok = 0;
      for (let i = 0; i + 1 < values.length; i += 2) {
        if (nonut) {
          this.ctx.log.info(
            `${item.name}, settable range: ${values[i]}..${values[i + 1]}`,
          );
          ok++;
        } else {
          st.addRange(item.name, strtol(values[i]), strtol(values[i + 1]));
        }
      }
      if (nonut && !ok) {
        this.ctx.log.info(`${item.name}, settable range: none`);
      }
    }
  }

  /** The info_rw values of `item` its filter lets through (non-empty ones). */
  rwValues(item: QxItem): string[] {
    return (item.rwValues ?? []).filter((v) =>
      v !== "" && (!item.rwFilter || item.rwFilter(this, v))
    );
  }

  /** qx_ups_walk(): false when a quick-poll row failed. */
  async walk(mode: WalkMode): Promise<boolean> {
    if (mode === "full") {
      this.battery.runtimeAct = -1;
      this.battery.chargeAct = -1;
    }
    let prev = { command: "", answer: "" };
    for (const item of this.items) {
      if (item.flags & QX.SKIP) continue;
      const lname = item.name.toLowerCase();
      if (mode === "init") {
        if (item.flags & QX.ABSENT) {
          if (this.get(item.name) !== undefined) continue;
          this.ctx.state.set(item.name, item.dfl ?? "");
          this.setVar(item);
          continue;
        }
        if (
          !lname.startsWith("ups.alarm") && !lname.startsWith("ups.status") &&
          this.get(item.name) !== undefined
        ) continue;
      } else if (mode === "quick") {
        if (!(item.flags & QX.QUICK_POLL)) continue;
      } else {
        if (item.flags & (QX.ABSENT | QX.CMD | QX.SETVAR | QX.STATIC)) continue;
        if ((item.flags & QX.SEMI_STATIC) && !this.dataHasChanged) continue;
      }
      if (item.flags & QX.CMD) {
        this.ctx.state.addCmd(item.name);
        continue;
      }
      if (item.flags & QX.SETVAR) {
        if (item.flags & QX.NONUT) {
          await this.setvar(item.name, "");
          item.flags |= QX.SKIP;
        }
        continue;
      }
      let ok: boolean;
      if (
        prev.command && prev.answer &&
        prev.command.toLowerCase() === (item.command ?? "").toLowerCase()
      ) {
        item.answer = prev.answer;
        ok = this.processAnswer(item, item.answer.length);
      } else {
        ok = await this.process(item);
      }
      prev = { command: item.command ?? "", answer: item.answer };
      if (!ok) {
        item.answer = item.value = "";
        if (item.flags & QX.QUICK_POLL) return false;
        if (mode === "init") item.flags |= QX.SKIP;
        continue;
      }
      const r = this.infovalSet(item);
      item.answer = item.value = "";
      if (r === -1) {
        if (item.flags & QX.QUICK_POLL) return false;
        continue;
      }
      if (r && mode === "init") this.setVar(item);
    }
    if (mode === "full") this.battery.afterFullWalk();
    return true;
  }

  /** upsdrv_initinfo() after the port is open and a protocol chosen. */
  async initinfo(): Promise<void> {
    const sub = this.subdriver!;
    this.ctx.state.set("driver.version.data", sub.name);
    if (!(await this.walk("init"))) {
      throw new Error("Can't initialise data from the UPS");
    }
    this.battery.init();
    for (
      const [name, key] of [["ups.delay.start", "ondelay"], [
        "ups.delay.shutdown",
        "offdelay",
      ]]
    ) {
      if (this.get(name!) === undefined) continue;
      const val = this.getval(key!);
      if (val !== undefined && (await this.setvar(name!, val)) !== "handled") {
        throw new Error(
          `${
            key === "ondelay" ? "Start" : "Shutdown"
          } delay '${val}' out of range`,
        );
      }
    }
    if (
      !this.find("load.off", QX.CMD, QX.SKIP) &&
      this.find("load.off.delay", QX.CMD, QX.SKIP)
    ) {
      this.ctx.state.addCmd("load.off");
    }
    if (
      !this.find("load.on", QX.CMD, QX.SKIP) &&
      this.find("load.on.delay", QX.CMD, QX.SKIP)
    ) {
      this.ctx.state.addCmd("load.on");
    }
    sub.initinfo?.(this);
    const pf = this.getval("pollfreq");
    if (pf !== undefined) this.pollfreq = strtol(pf);
    this.ctx.state.set("driver.parameter.pollfreq", String(this.pollfreq));
    this.lastPoll = this.now();
  }

  /** upsdrv_updateinfo(). */
  async updateinfo(): Promise<void> {
    const now = this.now();
    this.#rawStatus = []; // status_init()
    let ok: boolean;
    const full = now > this.lastPoll + this.pollfreq || this.dataHasChanged;
    if (full) {
      this.status = 0;
      this.#alarms = [];
      ok = await this.walk("full");
    } else {
      ok = await this.walk("quick");
    }
    if (!ok) {
      if (this.#retry <= MAXTRIES) {
        this.ctx.log.debug(
          1,
          "Communications with the UPS lost: status read failed!",
        );
        this.#retry++;
      } else {
        if (this.#retry === MAXTRIES + 1) {
          this.ctx.log.warn(
            "Communications with the UPS lost: status read failed!",
          );
          this.#retry++;
        }
        this.ctx.state.dataStale();
      }
      return;
    }
    if (full) {
      this.lastPoll = now;
      this.dataHasChanged = false;
      if (this.has("RB")) this.#alarms.push("Replace battery!");
      if (this.has("FSD")) this.#alarms.push("Shutdown imminent!");
      this.ctx.state.setAlarms(this.#alarms);
    }
    this.ctx.state.setStatus(this.statusTokens());
    if (this.#retry > MAXTRIES) {
      this.ctx.log.notice("Communications with the UPS re-established");
    }
    this.#retry = 0;
    this.ctx.state.dataOk();
  }

  /**
   * status_set() called by a preprocess: the token lands in the status
   * buffer ahead of ups_status_set()'s, duplicates included, as in NUT.
   */
  statusSet(token: string): void {
    this.#rawStatus.push(token);
  }

  /** The status buffer: statusSet() tokens, then ups_status_set() order. */
  statusTokens(): string[] {
    const t: string[] = [...this.#rawStatus, this.has("OL") ? "OL" : "OB"];
    for (
      const n of [
        "DISCHRG",
        "CHRG",
        "LB",
        "OVER",
        "RB",
        "TRIM",
        "BOOST",
        "BYPASS",
        "OFF",
        "CAL",
        "FSD",
      ] as const
    ) if (this.has(n)) t.push(n);
    return t;
  }

  /** instcmd() of nutdrv_qx. */
  async instcmd(cmdname: string, extra?: string): Promise<CommandResult> {
    const lc = cmdname.toLowerCase();
    if (lc === "beeper.off" || lc === "beeper.on") {
      const to = lc === "beeper.off" ? "beeper.disable" : "beeper.enable";
      this.ctx.log.warn(`The '${cmdname}' command has been renamed to '${to}'`);
      return this.instcmd(to);
    }
    this.ctx.log.info(`instcmd(${cmdname}, ${extra ?? "[NULL]"})`);
    const item = this.find(cmdname, QX.CMD, QX.SKIP);
    if (!item) return this.#fallback(lc);
    let value = extra ?? item.dfl ?? "";
    if (item.preprocess) {
      const v = item.preprocess(this, item, value);
      if (v === null) {
        this.ctx.log.error("instcmd: FAILED");
        return "failed";
      }
      value = v;
    } else value = "";
    if (!(await this.process(item, value || undefined))) {
      this.ctx.log.error("instcmd: FAILED");
      return "failed";
    }
    const acc = this.subdriver!.accepted;
    if (
      item.value && !(acc && item.value.toLowerCase() === acc.toLowerCase())
    ) {
      this.ctx.log.error("instcmd: FAILED");
      return "failed";
    }
    this.ctx.log.info("instcmd: SUCCEED");
    this.dataHasChanged = true;
    return "handled";
  }

  async #fallback(lc: string): Promise<CommandResult> {
    if (lc === "load.on") return this.instcmd("load.on.delay", "0");
    if (lc === "load.off") return this.instcmd("load.off.delay", "0");
    if (lc === "shutdown.return" || lc === "shutdown.stayoff") {
      if (this.get("ups.start.auto") !== undefined) {
        const want = lc === "shutdown.return" ? "yes" : "no";
        if ((await this.setvar("ups.start.auto", want)) !== "handled") {
          return "failed";
        }
      }
      const on = lc === "shutdown.return" ? this.get("ups.delay.start") : "-1";
      const r = await this.instcmd("load.on.delay", on);
      if (r !== "handled") return r;
      return this.instcmd("load.off.delay", this.get("ups.delay.shutdown"));
    }
    return "invalid";
  }

  /** setvar() of nutdrv_qx. */
  async setvar(name: string, val: string): Promise<CommandResult> {
    const item = this.find(name, QX.SETVAR, QX.SKIP);
    if (!item) return "unknown";
    let value: string;
    if (item.flags & QX.NONUT) {
      if (!this.testvar(item.name)) return "handled";
      value = this.getval(item.name) ?? "";
      this.ctx.log.info(`setvar(${name}, ${value || "[NULL]"})`);
    } else {
      this.ctx.log.info(`setvar(${name}, ${val || "[NULL]"})`);
      if (!val) return "unknown";
      value = val;
      if ((this.get(item.name) ?? "").toLowerCase() === value.toLowerCase()) {
        return "handled";
      }
    }
    const entry = this.ctx.state.tree.getVar(item.name);
    if (item.flags & QX.RANGE) {
      if (!onlyChars(value, "0123456789 .")) {
        this.ctx.log.error(
          `setvar: non numerical value [${item.name}: ${value}]`,
        );
        return "unknown";
      }
      const v = strtol(value);
      const ranges: Array<[number, number]> = item.flags & QX.NONUT
        ? pairs(this.rwValues(item))
        : entry?.ranges ?? [];
      if (!ranges.some(([lo, hi]) => lo <= v && v <= hi)) {
        this.ctx.log.error(
          `setvar: value out of range [${item.name}: ${value}]`,
        );
        return "unknown";
      }
    } else if (item.flags & QX.ENUM) {
      const list = item.flags & QX.NONUT
        ? this.rwValues(item)
        : entry?.enums ?? [];
      if (!list.some((e) => e.toLowerCase() === value.toLowerCase())) {
        this.ctx.log.error(
          `setvar: value out of range [${item.name}: ${value}]`,
        );
        return "unknown";
      }
    } else if (item.string && entry && entry.aux < value.length) {
      this.ctx.log.error(`setvar: value is too long [${item.name}: ${value}]`);
      return "unknown";
    }
    if (item.preprocess) {
      const v = item.preprocess(this, item, value);
      if (v === null) {
        this.ctx.log.error("setvar: FAILED");
        return "unknown";
      }
      value = v;
    }
    if (item.flags & QX.ABSENT) {
      this.ctx.state.set(item.name, value);
      this.ctx.log.info("setvar: SUCCEED");
      return "handled";
    }
    if (!item.preprocess) value = "";
    if (!(await this.process(item, value || undefined))) return "unknown";
    const acc = this.subdriver!.accepted;
    if (
      item.value && !(acc && item.value.toLowerCase() === acc.toLowerCase())
    ) {
      return "unknown";
    }
    this.dataHasChanged = true;
    return "handled";
  }

  /** upsdrv_shutdown(): returns the final message (throws on failure). */
  async shutdown(): Promise<string> {
    for (
      const [name, key, what] of [
        ["ups.delay.start", "ondelay", "Start"],
        ["ups.delay.shutdown", "offdelay", "Shutdown"],
      ] as const
    ) {
      const item = this.find(name, 0, QX.SKIP);
      if (!item) throw new Error(`Unable to set ${what.toLowerCase()} delay`);
      this.ctx.state.set(item.name, item.dfl ?? "");
      this.setVar(item);
      const val = this.getval(key);
      if (
        val !== undefined && (await this.setvar(item.name, val)) !== "handled"
      ) {
        throw new Error(`${what} delay '${val}' out of range`);
      }
    }
    if (this.find("shutdown.stop", QX.CMD, QX.SKIP)) {
      let retry = 1;
      for (; retry <= MAXTRIES; retry++) {
        if ((await this.instcmd("shutdown.stop")) === "handled") break;
      }
      if (retry > MAXTRIES) this.ctx.log.notice("No shutdown pending");
    }
    const cmd = this.testvar("stayoff")
      ? "shutdown.stayoff"
      : "shutdown.return";
    for (let retry = 1; retry <= MAXTRIES; retry++) {
      if ((await this.instcmd(cmd)) !== "handled") continue;
      return `Shutting down in ${this.get("ups.delay.shutdown")} seconds`;
    }
    throw new Error("Shutdown failed!");
  }
}

function pairs(values: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < values.length; i += 2) {
    out.push([strtol(values[i]), strtol(values[i + 1])]);
  }
  return out;
}

function strcspn(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return s.length;
}

function strtodOf(v: string): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)/.exec(v);
  return m ? Number(m[0]) : 0;
}

/** str_trim_m(): strip any of `chars` from both ends. */
export function trimChars(s: string, chars: string): string {
  let a = 0, b = s.length;
  while (a < b && chars.includes(s[a]!)) a++;
  while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}
export type { LiveItem } from "./item.ts";
